#!/usr/bin/env python3
"""Build examples/crawl-2024-03.warc.gz and tests/fixtures/bad/truncated.warc.gz.

Writes WARC/1.0 records by hand, one gzip member per record (as crawlers do), from the pages in
warc-pages/. Layout of the 11 records (tests count on it):

  1 warcinfo
  2 request, 3 response (HTML, plain)
  4 request, 5 response (HTML, Content-Encoding: gzip)
  6 request, 7 response (HTML, Transfer-Encoding: chunked)
  8 request, 9 response (HTML, no Content-Type: sniffed)
  10 response image/png    -> skipped, not HTML
  11 response 301 redirect -> skipped, HTTP status

Output is deterministic (fixed dates, record ids and gzip mtime), so rerunning it changes nothing.
The truncated fixture is the same archive cut in the middle of record 7.
"""
import gzip
import io
import pathlib
import uuid

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PAGES = sorted((HERE / "warc-pages").glob("*.html"))
URLS = {
    "01": "https://www.reuters.com/world/europe/russia-moves-troops-artillery-closer-finnish-border-helsinki-says-2024-03-12/",
    "02": "https://apnews.com/article/japan-philippines-summit-defense-pact-south-china-sea-7f3a9c2e1b",
    "03": "https://www.hindustantimes.com/india-news/defence-ministry-denies-report-india-will-buy-russian-su57-stealth-fighters-101710912345678.html",
    "04": "https://www.bbc.com/news/world-asia-68601234",
}
DATES = {"01": "2024-03-12T11:02:17Z", "02": "2024-03-19T09:15:40Z", "03": "2024-03-20T13:01:05Z", "04": "2024-03-25T06:44:51Z"}


def member(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as g:
        g.write(data)
    return buf.getvalue()


def record(n: int, kind: str, uri: str, date: str, block: bytes, ctype: str) -> bytes:
    rid = uuid.uuid5(uuid.NAMESPACE_URL, f"sitrep-example-{n}")
    head = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Date: {date}",
        f"WARC-Record-ID: <urn:uuid:{rid}>",
    ]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += [f"Content-Type: {ctype}", f"Content-Length: {len(block)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def request(uri: str) -> bytes:
    host = uri.split("/")[2]
    path = "/" + uri.split("/", 3)[3]
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: sitrep-example-crawler/1.0\r\nAccept: text/html\r\n\r\n".encode()


def response(body: bytes, headers: list) -> bytes:
    lines = ["HTTP/1.1 200 OK", "Date: Tue, 12 Mar 2024 11:02:17 GMT", "Server: nginx"] + headers
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def chunked(body: bytes, size: int = 700) -> bytes:
    out = b""
    for i in range(0, len(body), size):
        part = body[i : i + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def main():
    records = []
    n = 1
    info = b"software: sitrep scripts/examples/make_warc.py\r\nformat: WARC File Format 1.0\r\ndescription: sitrep example crawl, March 2024\r\n"
    records.append(record(n, "warcinfo", "", "2024-03-31T00:00:00Z", info, "application/warc-fields"))
    for page in PAGES:
        key = page.name[:2]
        uri, date = URLS[key], DATES[key]
        html = page.read_bytes()
        n += 1
        records.append(record(n, "request", uri, date, request(uri), "application/http; msgtype=request"))
        if key == "01":
            http = response(html, ["Content-Type: text/html; charset=utf-8", f"Content-Length: {len(html)}"])
        elif key == "02":
            z = member(html)
            http = response(z, ["Content-Type: text/html; charset=UTF-8", "Content-Encoding: gzip", f"Content-Length: {len(z)}"])
        elif key == "03":
            http = response(chunked(html), ["Content-Type: text/html;charset=utf-8", "Transfer-Encoding: chunked"])
        else:
            http = response(html, [f"Content-Length: {len(html)}"])
        n += 1
        records.append(record(n, "response", uri, date, http, "application/http; msgtype=response"))
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
    n += 1
    records.append(record(n, "response", "https://www.bbc.com/news/brahmos-launcher.png", "2024-03-25T06:44:52Z",
                          response(png, ["Content-Type: image/png", f"Content-Length: {len(png)}"]),
                          "application/http; msgtype=response"))
    n += 1
    redirect = b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://www.bbc.com/news/world-asia-68601234\r\nContent-Length: 0\r\n\r\n"
    records.append(record(n, "response", "http://bbc.com/news/world-asia-68601234", "2024-03-25T06:44:50Z", redirect,
                          "application/http; msgtype=response"))
    members = [member(r) for r in records]
    archive = b"".join(members)
    out = ROOT / "examples" / "crawl-2024-03.warc.gz"
    out.write_bytes(archive)
    # Truncated copy: records 1-6 whole, then half of record 7's gzip member.
    cut = sum(len(m) for m in members[:6]) + len(members[6]) // 2
    bad = ROOT / "tests" / "fixtures" / "bad" / "truncated.warc.gz"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(archive[:cut])
    print(f"wrote {out.relative_to(ROOT)} ({len(records)} records, {len(archive)} bytes) and {bad.relative_to(ROOT)} ({cut} bytes)")


if __name__ == "__main__":
    main()
