"""``make audit``: check the pinned dependencies against known vulnerability advisories.

Runs pip-audit on a lock file (``requirements/test.txt`` holds every pin, runtime and test).
pip-audit asks the package index's advisory service over the network; when that can't be reached
this says so in one line and exits 3, so "no advisory found" is never confused with "nothing was
checked".
Exit status: 0 no known vulnerability, 1 vulnerabilities found (listed), 3 advisories unreachable.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

UNREACHABLE = re.compile(
    r"ConnectionError|Max retries exceeded|NameResolution|Temporary failure in name resolution|"
    r"timed out|ConnectTimeout|ReadTimeout|Network is unreachable|Connection refused|ProxyError",
    re.IGNORECASE,
)
SKIPPED = re.compile(r"could not be audited")


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements/test.txt")
    if not lock.is_file():
        print(f"audit: no lock file {lock}: run `make lock`", file=sys.stderr)
        return 2
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        str(lock),
        "--require-hashes",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--desc",
        "on",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    pins = sum(1 for line in lock.read_text().splitlines() if re.match(r"^[A-Za-z0-9].*==", line))
    skipped = len(SKIPPED.findall(output))
    if (result.returncode != 0 and UNREACHABLE.search(output)) or (pins and skipped >= pins):
        print(
            f"audit: NOT CHECKED - the vulnerability advisories could not be reached from this "
            f"machine ({skipped} of {pins} pins could not be looked up), so nothing in {lock} was "
            "checked. Run `make audit` where the package index's advisory data is reachable.",
            file=sys.stderr,
        )
        return 3
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if skipped:
        print(f"audit: {skipped} of {pins} pins could not be looked up (listed above)")
        return 3
    if result.returncode == 0:
        print(f"audit: {pins} pinned packages in {lock}: no known vulnerability")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
