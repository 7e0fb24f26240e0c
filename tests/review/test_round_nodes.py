"""A review round and an audit event are objects with a global id (issue 14): `node(id:)` fetches them for whoever
may read them, and for nobody else."""

from __future__ import annotations

from tests.review.cast import Cast

ROUNDS = """query($code: String!) { proposal(code: $code) { reviewRounds { id number assessment { id } } } }"""
ROUND = """query($id: ID!) { node(id: $id) { id ... on ReviewRound { number assessment { id } } } }"""
AUDIT = """{ auditLog(first: 5, actions: ["submitProposal"]) { nodes { id action afterId } } }"""
EVENT = """query($id: ID!) { node(id: $id) { id ... on AuditEvent { action afterId } } }"""


async def test_a_review_round_is_fetched_by_its_id_with_its_number(cast: Cast) -> None:
    proposal = await cast.submitted()
    [first] = (await cast.secretary.data(ROUNDS, {"code": proposal["code"]}))["proposal"]["reviewRounds"]
    assert first["id"] != first["assessment"]["id"]  # a round's id is its own, not its assessment's
    assert (await cast.secretary.data(ROUND, {"id": first["id"]}))["node"] == first
    assert (await cast.sponsor.data(ROUND, {"id": first["id"]}))["node"] == first
    # a department that may not see the proposal does not learn of the round
    assert (await cast.tourism.data(ROUND, {"id": first["id"]}))["node"] is None
    assert (await cast.anonymous.data(ROUND, {"id": first["id"]}))["node"] is None


async def test_an_audit_event_is_fetched_by_its_id_by_those_who_read_the_log(cast: Cast) -> None:
    await cast.submitted()
    event = (await cast.secretary.data(AUDIT))["auditLog"]["nodes"][0]
    assert event["action"] == "submitProposal"
    assert (await cast.secretary.data(EVENT, {"id": event["id"]}))["node"] == event
    assert (await cast.admin.data(EVENT, {"id": event["id"]}))["node"] == event
    # the log is the committee's and the administrators': a department that made the change does not read it
    assert (await cast.sponsor.data(EVENT, {"id": event["id"]}))["node"] is None
    assert (await cast.anonymous.data(EVENT, {"id": event["id"]}))["node"] is None
