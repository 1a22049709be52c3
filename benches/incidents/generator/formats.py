"""Line formats as real software writes them, so each scenario's logs look like
the tools that would produce them (not like one generic shape)."""

import json

from common import UTC


def _iso_ms(t):
    t = t.astimezone(UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def json_line(t, level, msg, **fields):
    """Structured JSON (zap/logrus style keys)."""
    body = {"ts": _iso_ms(t), "level": level, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def pino(t, level, msg, **fields):
    """Node pino: numeric levels (30 info, 40 warn, 50 error), epoch ms."""
    numeric = {"debug": 20, "info": 30, "warn": 40, "error": 50, "fatal": 60}[level]
    body = {"level": numeric, "time": int(t.timestamp() * 1000), "pid": fields.pop("pid", 1)}
    body["hostname"] = fields.pop("hostname", "app")
    body.update(fields)
    body["msg"] = msg
    return json.dumps(body, separators=(",", ":"))


def _logfmt_value(value):
    text = str(value)
    if text == "" or any(c in text for c in ' "='):
        return json.dumps(text)
    return text


def logfmt(t, level, msg, **fields):
    parts = [f"ts={_iso_ms(t)}", f"level={level}", f"msg={_logfmt_value(msg)}"]
    parts += [f"{key}={_logfmt_value(value)}" for key, value in fields.items()]
    return " ".join(parts)


def nginx_access(t, client, method, path, status, size, rt, ua, referer="-", upstream_rt=None):
    """nginx 'combined' plus request_time and upstream_response_time."""
    stamp = t.astimezone(UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
    upstream = f"{upstream_rt:.3f}" if upstream_rt is not None else "-"
    return (
        f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} '
        f'"{referer}" "{ua}" {rt:.3f} {upstream}'
    )


def nginx_error(t, level, pid, conn, msg):
    stamp = t.astimezone(UTC).strftime("%Y/%m/%d %H:%M:%S")
    return f"{stamp} [{level}] {pid}#{pid}: *{conn} {msg}"


def syslog3164(t, host, tag, pid, msg):
    t = t.astimezone(UTC)
    stamp = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')}"
    proc = f"{tag}[{pid}]" if pid is not None else tag
    return f"{stamp} {host} {proc}: {msg}"


def syslog5424(t, pri, host, app, procid, msgid, msg, sd="-"):
    return f"<{pri}>1 {_iso_ms(t)} {host} {app} {procid} {msgid} {sd} {msg}"


def klog(t, severity, pid, source, msg):
    """glog/klog header: Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg"""
    t = t.astimezone(UTC)
    stamp = t.strftime("%m%d %H:%M:%S.") + f"{t.microsecond:06d}"
    return f"{severity}{stamp} {pid:>7} {source}] {msg}"


def spring(t, level, thread, logger, msg, pid=1):
    """Spring Boot default console pattern."""
    t = t.astimezone(UTC)
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    return f"{stamp} {level:>5} {pid} --- [{thread:>15}] {logger:<40} : {msg}"


def python_logging(t, level, logger, msg):
    t = t.astimezone(UTC)
    stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
    return f"{stamp} {level} {logger}: {msg}"


def postgres(t, pid, level, msg, user_db=None):
    """log_line_prefix = '%m [%p] %q%u@%d '"""
    t = t.astimezone(UTC)
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} UTC"
    who = f"{user_db} " if user_db else ""
    return f"{stamp} [{pid}] {who}{level}:  {msg}"


def envoy_access(t, method, path, status, flags, upstream_host, duration, req_id, authority):
    return (
        f'[{_iso_ms(t)}] "{method} {path} HTTP/1.1" {status} {flags} 0 '
        f'{0 if status >= 400 else 812} {duration} - "-" "{req_id}" "{authority}" "{upstream_host}"'
    )


def cri(t, text, stream="stdout"):
    """A container log line as the kubelet stores it (/var/log/pods/…): the
    runtime's timestamp, the stream, F for a full line, then what the program
    wrote. Programs that print no time of their own (CoreDNS) are read this way."""
    t = t.astimezone(UTC)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond * 1000 + 417:09d}Z {stream} F {text}"
