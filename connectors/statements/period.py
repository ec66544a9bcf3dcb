"""The period a bill states in its preamble or its closing block (Alipay, WeChat, Meituan, JD, banks).

Alipay and WeChat write ``起始时间：[2021-05-19 00:00:00]    终止时间：[2021-06-19 23:59:59]`` (Meituan the
same with bare dates), JD ``日期区间：2024-12-01 至 2024-12-31``; Alipay's 2021 app export puts the block
after the table, so the end of the file is searched too. The dates are the bill's own (China's) days.
"""

from __future__ import annotations

import re
from datetime import date

HEAD = 64 * 1024
TAIL = 16 * 1024

_DAY = r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?"
_PATTERNS = (
    re.compile(r"起始(?:时间|日期)[:：]\s*\[?\s*" + _DAY + r"[^\]\r\n]*\]?[\s,，]*终止(?:时间|日期)[:：]\s*\[?\s*" + _DAY),
    re.compile(r"(?:日期区间|查询区间|起止日期|交易期间|账单周期)[:：]\s*\[?\s*" + _DAY + r"[^至~\-\r\n]*?\s*(?:至|~|－|—|--)\s*" + _DAY),
)


def _text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="ignore")


def stated_period(data: bytes) -> tuple[date, date] | None:
    """The first and last day a bill says it covers, from its first 64 KiB or last 16 KiB; None when it
    says none (or says something that is not a pair of real dates in order)."""
    parts = [data[:HEAD]] if len(data) <= HEAD + TAIL else [data[:HEAD], data[-TAIL:]]
    for part in parts:
        text = _text(part)
        for pattern in _PATTERNS:
            m = pattern.search(text)
            if m is None:
                continue
            try:
                start = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                end = date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
            except ValueError:
                return None
            return (start, end) if start <= end else None
    return None
