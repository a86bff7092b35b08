"""datacontract-cli's `breaking` verdict on many pairs of contracts, in one
process (a `datacontract breaking` per pair would start Python hundreds of
times). Reads a folder holding `<pair>/v1.odcs.yaml` and `<pair>/v2.odcs.yaml`;
prints one JSON object per pair: whether datacontract-cli calls it breaking
(an error-level entry, what makes `datacontract breaking` exit 1), and its
entries, or the error it raised.

Run by tests/change.rs with target/dcli-venv's Python.
"""

import json
import sys
from pathlib import Path

from datacontract.data_contract import DataContract
from datacontract.model.breaking import Perspective


def judge(pair: Path) -> dict:
    v1 = DataContract(data_contract_file=str(pair / "v1.odcs.yaml"), inline_references=False)
    v2 = DataContract(data_contract_file=str(pair / "v2.odcs.yaml"), inline_references=False)
    result = v1.breaking(v2, perspective=Perspective.CONSUMER)
    return {
        "pair": pair.name,
        "breaking": bool(result.is_breaking),
        # The entries that count: errors break, warnings are undetermined.
        "entries": [
            {"path": e.path, "level": e.level.value, "rule": e.rule_id}
            for e in result.entries
            if e.level.value != "info"
        ],
    }


def main() -> None:
    for pair in sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_dir()):
        try:
            out = judge(pair)
        except Exception as e:  # noqa: BLE001 - reported per pair, judged by the test
            out = {"pair": pair.name, "error": f"{type(e).__name__}: {e}"}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
