"""pycognito's AWSSRP on fixed values, for tests/access_moto.rs to compare ampdeck's SRP with.

Reads a JSON list of cases on stdin, each with a fixed secret exponent `a` (hex), what
Cognito's PASSWORD_VERIFIER challenge would send (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP),
the password, the app client and the moment (epoch seconds). Prints, per case, what
pycognito sends: SRP_A and SECRET_HASH of InitiateAuth, and TIMESTAMP and
PASSWORD_CLAIM_SIGNATURE of the challenge's answer. Only the random `a` and the clock are
fixed; everything else is pycognito's own code. Exits 3 when pycognito is not installed.
"""

import datetime
import json
import sys

try:
    from pycognito import aws_srp
except ImportError as e:
    print(f"pycognito is not installed: {e}", file=sys.stderr)
    sys.exit(3)


class _FixedClock:
    """Stands in for the `datetime` module inside aws_srp: utcnow() is the case's moment."""

    def __init__(self, epoch):
        moment = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)

        class _DateTime:
            @staticmethod
            def utcnow():
                return moment.replace(tzinfo=None)

        self.datetime = _DateTime


def run(case):
    srp = aws_srp.AWSSRP(
        username=case["username"],
        password=case["password"],
        pool_id=case["pool_id"],
        client_id=case["client_id"],
        client=object(),  # never called: no request is made
        client_secret=case.get("client_secret"),
    )
    # What generate_random_small_a would have drawn, then A as __init__ computes it.
    srp.small_a_value = aws_srp.hex_to_long(case["a"]) % srp.big_n
    srp.large_a_value = srp.calculate_a()
    auth = srp.get_auth_params()
    aws_srp.datetime = _FixedClock(case["epoch"])
    challenge = {
        "USER_ID_FOR_SRP": case["user_id"],
        "SALT": case["salt"],
        "SRP_B": case["srp_b"],
        "SECRET_BLOCK": case["secret_block"],
    }
    answer = srp.process_challenge(challenge, auth)
    return {
        "srp_a": auth["SRP_A"],
        "secret_hash": auth.get("SECRET_HASH"),
        "timestamp": answer["TIMESTAMP"],
        "signature": answer["PASSWORD_CLAIM_SIGNATURE"],
    }


if __name__ == "__main__":
    print(json.dumps([run(case) for case in json.load(sys.stdin)]))
