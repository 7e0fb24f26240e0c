"""Vendor GraphiQL and React into service/static/graphiql/ from the npm registry (run by scripts/vendor-graphiql).

The service serves GraphiQL from its own files because the intranets it runs on reach no CDN. The versions and
the registry's sha512 integrity of each tarball are pinned below: to refresh, change them, run the script, load
/graphql and commit what it wrote. It needs `npm` (and the registry) only when it runs, never at install time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "service" / "static" / "graphiql"


@dataclass(frozen=True)
class Vendored:
    name: str
    version: str
    integrity: str
    # path in the tarball (under package/) -> file name served from /static/graphiql/
    files: dict[str, str]


# GraphiQL 4 is the last line with a UMD build (5 moved to ES modules and Monaco); React 18 is the last with UMD.
PACKAGES = (
    Vendored(
        "react",
        "18.3.1",
        "sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==",
        {"umd/react.production.min.js": "react.production.min.js"},
    ),
    Vendored(
        "react-dom",
        "18.3.1",
        "sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==",
        {"umd/react-dom.production.min.js": "react-dom.production.min.js"},
    ),
    Vendored(
        "graphiql",
        "4.1.2",
        "sha512-rNlzQIAzm6i2KBXmVQWBgLvt0TloxFVB2d18bukvdsvjEuFDHsKx5IVOomL1W1o5WW+tE54+ioHb2AEKzO2cUg==",
        {"graphiql.min.js": "graphiql.min.js", "graphiql.min.css": "graphiql.min.css"},
    ),
)
# The GraphiQL bundle compiles in its dependencies; its source map names them, and their licences travel with it.
BUNDLE_MAP = ("graphiql", "graphiql.min.js.map")
LICENCE_NAMES = ("license", "licence", "copying")


def npm(*args: str, cwd: Path) -> str:
    return subprocess.run(["npm", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def fetch(work: Path) -> dict[str, Path]:
    """Each pinned tarball, checked against its pinned integrity, unpacked: name -> its package/ folder."""
    specs = [f"{p.name}@{p.version}" for p in PACKAGES]
    packed = json.loads(npm("pack", *specs, "--json", "--pack-destination", str(work), cwd=work))
    integrity = {entry["name"]: entry["integrity"] for entry in packed}
    folders: dict[str, Path] = {}
    for package, entry in zip(PACKAGES, packed, strict=True):
        if integrity[package.name] != package.integrity:
            raise SystemExit(
                f"{package.name}@{package.version}: integrity {integrity[package.name]} is not the pinned one"
            )
        folder = work / package.name
        with tarfile.open(work / entry["filename"]) as archive:
            archive.extractall(folder, filter="data")
        folders[package.name] = folder / "package"
    return folders


def bundled_packages(source_map: Path) -> list[str]:
    """npm package names whose sources the bundle contains (the graphiql monorepo's own are under its licence)."""
    names = set()
    for source in json.loads(source_map.read_text(encoding="utf-8"))["sources"]:
        if "node_modules/" not in source:
            continue
        parts = source.rsplit("node_modules/", 1)[1].split("/")
        names.add("/".join(parts[:2]) if parts[0].startswith("@") else parts[0])
    # react/jsx-runtime and react-dom/client wrappers: those packages are vendored whole, with their licence above.
    return sorted(names - {p.name for p in PACKAGES})


def licence_text(folder: Path) -> str:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower().startswith(LICENCE_NAMES))
    if files:
        return files[0].read_text(encoding="utf-8").strip()
    # A few small packages ship no licence file; their package.json still says which licence and whose.
    meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    author = meta.get("author")
    author = author.get("name") if isinstance(author, dict) else author
    by = f", by {author}" if author else ""
    return f"{meta.get('license', 'UNKNOWN')} licence (stated in package.json, which ships no licence file){by}"


def dependency_folders(work: Path, names: list[str]) -> dict[str, Path]:
    """Each bundled package's folder in an npm install of the pinned packages, or packed alone when npm's tree holds
    another major version that dropped it."""
    tree = work / "tree"
    tree.mkdir()
    specs = [f"{p.name}@{p.version}" for p in PACKAGES]
    npm("install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-save", *specs, cwd=tree)
    found = {}
    for name in names:
        candidates = sorted(tree.glob(f"node_modules/**/node_modules/{name}/package.json"))
        candidates = [tree / "node_modules" / name / "package.json", *candidates]
        existing = [c.parent for c in candidates if c.is_file()]
        if existing:
            found[name] = existing[0]
            continue
        alone = work / "alone" / name
        alone.mkdir(parents=True)
        packed = json.loads(npm("pack", name, "--json", "--pack-destination", str(alone), cwd=alone))
        with tarfile.open(alone / packed[0]["filename"]) as archive:
            archive.extractall(alone, filter="data")
        found[name] = alone / "package"
    return found


def write_licences(folders: dict[str, Path], dependencies: dict[str, Path]) -> None:
    sections = ["Licences of the files in this folder (written by scripts/vendor-graphiql).\n"]
    for package in PACKAGES:
        served = ", ".join(package.files.values())
        sections.append(f"== {package.name} {package.version} ({served})\n\n{licence_text(folders[package.name])}\n")
    sections.append(
        "The GraphiQL bundle (graphiql.min.js, graphiql.min.css) also contains the graphiql monorepo's own packages\n"
        "(@graphiql/react, @graphiql/toolkit, @graphiql/plugin-doc-explorer, @graphiql/plugin-history,\n"
        "codemirror-graphql, graphql-language-service: all under the graphiql licence above) and these npm\n"
        "packages, named by its source map; the version is the one npm resolved to read the licence from.\n"
    )
    for name, folder in sorted(dependencies.items()):
        version = json.loads((folder / "package.json").read_text(encoding="utf-8")).get("version", "?")
        sections.append(f"== {name} {version} (in graphiql.min.js)\n\n{licence_text(folder)}\n")
    (TARGET / "LICENSES").write_text("\n".join(sections), encoding="utf-8")


def write_readme() -> None:
    rows = "\n".join(f"| {p.name} | {p.version} | {', '.join(f'`{f}`' for f in p.files.values())} |" for p in PACKAGES)
    (TARGET / "README.md").write_text(
        "# GraphiQL, served by the service\n\n"
        "GET /graphql (outside production) renders `service/static/graphiql.html`, which loads only the files\n"
        "of this folder from /static/graphiql/: no request leaves the machine, so GraphiQL works on an intranet.\n\n"
        "| npm package | version | files |\n| --- | --- | --- |\n"
        f"{rows}\n\n"
        "`start.js` is ours (it mounts GraphiQL on /graphql, subscriptions over ws); `LICENSES` holds the licence\n"
        "of every vendored package and of each package compiled into the GraphiQL bundle.\n\n"
        "To refresh: change the versions and sha512 integrities pinned in `scripts/vendor_graphiql.py`, run\n"
        "`scripts/vendor-graphiql` (needs npm and the registry), then\n"
        "`.venv/bin/pytest tests/test_graphiql_offline.py`.\n",
        encoding="utf-8",
    )


def main() -> int:
    argparse.ArgumentParser(description=__doc__).parse_args()
    with tempfile.TemporaryDirectory(prefix="vendor-graphiql-") as scratch:
        work = Path(scratch)
        folders = fetch(work)
        TARGET.mkdir(parents=True, exist_ok=True)
        for package in PACKAGES:
            for inside, served in package.files.items():
                shutil.copyfile(folders[package.name] / inside, TARGET / served)
                print(f"{package.name}@{package.version}: {inside} -> {TARGET / served}")
        source_map = folders[BUNDLE_MAP[0]] / BUNDLE_MAP[1]
        write_licences(folders, dependency_folders(work, bundled_packages(source_map)))
        write_readme()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
