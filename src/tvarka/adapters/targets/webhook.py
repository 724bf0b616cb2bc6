"""An outbound webhook: a processor (or any system Tvarka cannot reach itself) is told to
execute the request on its side.

One POST of JSON per task, signed ``X-Tvarka-Signature: sha256=<HMAC of the body>`` with a
secret shared with the processor, and ``Idempotency-Key: <job>/<system>``: a task re-run after
a crash sends the same key, so the processor can tell a repeat from a new request. Any 2xx
answer completes the task; anything else is an error on the task, which stays resumable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Mapping


class WebhookFailed(RuntimeError):
    pass


def signature(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def notify(
    url: str,
    secret: bytes,
    payload: Mapping[str, object],
    idempotency_key: str,
    timeout: float = 10,
) -> int:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Tvarka-Signature": signature(secret, body),
            "Idempotency-Key": idempotency_key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        raise WebhookFailed(f"{url} answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise WebhookFailed(f"{url} could not be reached: {reason}") from error
