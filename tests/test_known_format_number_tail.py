"""A known format whose leading digits the pattern counts (Telegram's bot id, 8 to 10 digits, then
`:` and 35 characters) is that number whole: digits before the match make it the tail of a
longer number (an SNS topic's ARN: a 12-digit account id, then a 35-letter topic name), no
token; a bot token alone, or after `bot` in the API's URL, is still reported."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

TOPICS = """\
Resources:
  Subscriptions:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Published:
          Type: SNS
          Properties:
            Topic: arn:aws:sns:us-east-1:210987654321:catalogue_release_story_unpublished
notify:
  url: https://api.telegram.org/bot7402913385:Kq8vN3xLp2Xw7RtYb5mZc1Dh9Fj4Gk6HsQa/sendMessage
  token: "7402913385:Kq8vN3xLp2Xw7RtYb5mZc1Dh9Fj4Gk6HsQa"
"""


def test_a_numbers_tail_is_no_bot_id(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"deploy/notify.yml": TOPICS}, rules=frozenset({"DCR051"}))
    assert brief(results) == [("deploy/notify.yml", 11, 36, "DCR051"), ("deploy/notify.yml", 12, 11, "DCR051")]
