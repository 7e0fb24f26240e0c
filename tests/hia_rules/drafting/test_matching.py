"""Where a phrase stands in a document: its head, the titles it cites."""

from __future__ import annotations

from hia_rules.drafting.matching import Document
from hia_rules.drafting.text import sentences

HEAD = ["苏州市吴中区人民政府", "关于在城区范围内禁止燃放烟花爆竹的通告", "吴政通〔2026〕7号"]
OPENING = "为保障公共安全和人民群众生命财产安全，减少燃放烟花爆竹造成的环境污染和噪声扰民，根据有关法律法规，结合本区实际，现就城区范围内禁止燃放烟花爆竹有关事项通告如下："  # noqa: E501
ITEM = "二、原《苏州市吴中区人民政府关于城区春节期间限时燃放烟花爆竹的通告》同时废止。"


def document(text: str) -> Document:
    return Document(text, sentences(text))


def test_the_head_is_counted_in_printed_characters_not_blank_lines() -> None:
    # the same document as a .docx (blank lines between paragraphs) and as a PDF's text (none)
    paragraphs = [*HEAD, OPENING, "一、" + "城区禁止燃放。" * 23, ITEM]
    spaced = document("\n\n\n".join("\u3000\u3000" + p for p in paragraphs))
    packed = document("\n".join(paragraphs))
    assert packed.in_head(len(packed.sentences) - 1)
    assert [spaced.in_head(i) for i in range(len(spaced.sentences))] == [
        packed.in_head(i) for i in range(len(packed.sentences))
    ]


def test_a_title_cited_in_the_head_is_another_instrument_but_the_documents_own_is_not() -> None:
    cited = document("\n".join([*HEAD, ITEM]))
    hit = next(h for h in cited.hits("烟花爆竹") if cited.sentences[h.index].text.startswith("二、"))
    assert cited.in_head(hit.index)
    assert cited.cited(hit)
    own = document("关于印发《吴中区烟花爆竹燃放管理办法》的通知\n现将《吴中区烟花爆竹燃放管理办法》印发给你们。")
    assert not any(own.cited(h) for h in own.hits("烟花爆竹"))
