"""bank-feeds: certificate pinning is added for every partner bank's API after a
security audit, but the pin recorded for Nordbank is the fingerprint of its
intermediate CA, not of the leaf certificate the code compares against. After
the Ansible deploy every Nordbank fetch is refused. A VM service, not
Kubernetes: RFC 3164 syslog (app and cron), the Ansible log."""

import datetime as dt
import hashlib
import random

from common import Log, Person, Repo, emit, hexid, ms, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores, ci_workflow, readme, runbook

SERVICE = "bank-feeds"
DEPLOY = utc("2026-12-02 09:12:40")
ONSET = utc("2026-12-02 09:15:00")
BANKS = ["nordbank", "baltic-savings", "rhein-credit", "atlas-bank"]


def fingerprint(seed):
    digest = hashlib.sha256(seed.encode()).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, 64, 2))


PARTNERS = """# Partner bank APIs polled for statement lines.
partners:
  nordbank:
    base_url: https://api.nordbank.example/psd2/v1
    poll_every: 5m
  baltic-savings:
    base_url: https://openbanking.baltic-savings.example/v2
    poll_every: 5m
  rhein-credit:
    base_url: https://xs2a.rhein-credit.example/v1
    poll_every: 10m
  atlas-bank:
    base_url: https://api.atlasbank.example/ob/v3
    poll_every: 5m
"""

PINNING = '''"""Compare the server's leaf certificate with the pinned SHA-256 fingerprint."""
import hashlib
import ssl


class PinMismatch(ssl.SSLError):
    pass


def check(sock, partner, pins):
    pinned = pins.get(partner)
    if pinned is None:
        return
    der = sock.getpeercert(binary_form=True)
    seen = hashlib.sha256(der).hexdigest().upper()
    if seen != pinned.replace(":", ""):
        raise PinMismatch(f"pinned certificate mismatch for {partner}: got sha256 {seen[:16]}…")
'''


def build_repo():
    oskar = Person("Oskar Berg", "oskar.berg@kontor.fi", 120)
    amelie = Person("Amélie Dubois", "amelie.dubois@kontor.fi", 60)
    tuomas = Person("Tuomas Laine", "tuomas.laine@kontor.fi", 120)
    repo = Repo()
    files = {
        "pyproject.toml": '[project]\nname = "bank-feeds"\nversion = "2.3.0"\nrequires-python = ">=3.11"\ndependencies = ["requests==2.31.0", "pyyaml==6.0.1", "psycopg[binary]==3.1.18"]\n',
        "bankfeeds/__init__.py": "",
        "bankfeeds/poll.py": '"""Polls every partner for new statement lines and stores them."""\nimport logging\n\nlog = logging.getLogger("bankfeeds.poll")\n\n\ndef poll(partner, client, store):\n    lines = client.statement_lines(since=store.cursor(partner))\n    store.save(partner, lines)\n    log.info("fetched %s: %d new statement lines", partner, len(lines))\n',
        "bankfeeds/pinning.py": PINNING,
        "config/partners.yaml": PARTNERS,
        "ansible/deploy.yml": "- hosts: feeds\n  become: true\n  roles:\n    - bank-feeds\n",
        "ansible/roles/bank-feeds/tasks/main.yml": "- name: Check out release\n  git:\n    repo: git@github.com:kontor/bank-feeds.git\n    dest: /opt/bank-feeds\n    version: \"{{ release }}\"\n- name: Install\n  pip:\n    name: /opt/bank-feeds\n    virtualenv: /opt/bank-feeds/venv\n- name: Restart\n  systemd:\n    name: bank-feeds\n    state: restarted\n",
        "ansible/roles/bank-feeds/templates/bank-feeds.service.j2": "[Unit]\nDescription=bank-feeds poller\n\n[Service]\nUser=feeds\nExecStart=/opt/bank-feeds/venv/bin/python -m bankfeeds\nRestart=always\nSyslogIdentifier=bank-feeds\n\n[Install]\nWantedBy=multi-user.target\n",
        "tests/test_pinning.py": "import pytest\n\nfrom bankfeeds.pinning import PinMismatch, check\n\n\nclass FakeSock:\n    def getpeercert(self, binary_form):\n        return b'cert'\n\n\ndef test_mismatch():\n    with pytest.raises(PinMismatch):\n        check(FakeSock(), 'x', {'x': 'AA:BB'})\n",
        ".github/workflows/ci.yml": ci_workflow("      - run: pip install . pytest\n      - run: pytest -q\n", "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.11'\n"),
        "README.md": readme(SERVICE, "Polls partner banks' PSD2 APIs for statement lines.", "pip install -e .\npytest -q"),
        "docs/runbook.md": runbook(SERVICE, [("FeedStale", "no new lines from a partner for 30 minutes: check the partner's status page, then our logs on feeds-vm-*.")]),
    }
    repo.commit(utc("2026-11-24 10:00:00"), oskar, "bank-feeds: import from the old cron scripts", files)
    repo.schedule(chores(random.Random(2012), SERVICE, [oskar, amelie, tuomas], utc("2026-11-24 10:00:00"), ONSET, 4))
    repo.commit(utc("2026-11-26 14:00:00"), tuomas, "atlas-bank: follow pagination links", {
        "bankfeeds/poll.py": repo.files["bankfeeds/poll.py"].replace("    lines = client.statement_lines(since=store.cursor(partner))\n",
                                                                     "    lines = []\n    for page in client.pages(since=store.cursor(partner)):\n        lines.extend(page)\n"),
    })
    repo.commit(utc("2026-11-28 09:30:00"), amelie, "partners: rhein-credit every 10m (their rate limit)", {
        "config/partners.yaml": repo.edit("config/partners.yaml", "xs2a.rhein-credit.example/v1\n    poll_every: 10m", "xs2a.rhein-credit.example/v1\n    poll_every: 10m\n    max_requests_per_hour: 6"),
    })
    prev = repo.commit(utc("2026-12-01 16:20:00"), oskar, "docs: how to refresh a pin when a bank rotates its certificate", {
        "docs/pinning.md": "# Certificate pins\n\nPins are SHA-256 fingerprints of each bank's *leaf* certificate:\n\n```\nopenssl s_client -connect HOST:443 </dev/null | openssl x509 -noout -fingerprint -sha256\n```\n",
    })
    pins = {bank: fingerprint("leaf:" + bank) for bank in BANKS}
    pins["nordbank"] = fingerprint("intermediate:nordbank")
    pin_block = "pins:\n" + "".join(f"  {bank}: \"{pins[bank]}\"\n" for bank in BANKS)
    culprit = repo.commit(utc("2026-12-02 08:31:00"), amelie,
                          "Pin partner bank certificates (audit finding SEC-212)", {
                              "config/partners.yaml": repo.files["config/partners.yaml"] + "\n# SHA-256 of each bank's API certificate, checked on every connection.\n" + pin_block,
                          })
    head = repo.commit(utc("2026-12-02 08:58:00"), tuomas, "ansible: keep 5 releases on disk", {
        "ansible/roles/bank-feeds/tasks/main.yml": repo.files["ansible/roles/bank-feeds/tasks/main.yml"] + "- name: Prune old releases\n  shell: ls -1dt /opt/bank-feeds-releases/* | tail -n +6 | xargs -r rm -rf\n",
    })
    repo.commit(utc("2026-12-02 09:40:00"), oskar, "tests: pins for every configured partner", {
        "tests/test_config.py": "import yaml\n\n\ndef test_every_partner_has_a_pin():\n    cfg = yaml.safe_load(open('config/partners.yaml'))\n    assert set(cfg['pins']) == set(cfg['partners'])\n",
    })
    return repo, culprit, prev, head


def build_logs(rng, prev, head):
    syslog = Log("feeds-vms-syslog.log")
    ansible = Log("ansible.log")
    start, end = utc("2026-12-02 07:30:00"), utc("2026-12-02 10:15:00")
    hosts = ["feeds-vm-1", "feeds-vm-2"]
    pids = {h: rng.randint(2000, 9000) for h in hosts}

    def app(t, host, level, msg):
        return syslog3164(t, host, "bank-feeds", pids[host], f"{level} {msg}")

    for bank in BANKS:
        every = 10 if bank == "rhein-credit" else 5
        t = start + dt.timedelta(seconds=rng.randint(0, 120))
        while t < end:
            host = hosts[BANKS.index(bank) % 2]
            if t >= ONSET and bank == "nordbank":
                syslog.add(t, app(t, host, "ERROR", f"fetch nordbank failed: pinned certificate mismatch for nordbank: got sha256 {fingerprint('leaf:nordbank').replace(':', '')[:16]}…"))
                syslog.add(t, app(t, host, "WARNING", "nordbank: no statement lines for {} minutes".format(int((t - ONSET).total_seconds() // 60) + 5)))
            else:
                n = rng.randint(0, 60)
                syslog.add(t, app(t, host, "INFO", f"fetched {bank}: {n} new statement lines in {ms(rng, 900)}ms"))
                if n and rng.random() < 0.3:
                    syslog.add(t, app(t, host, "INFO", f"matched {rng.randint(0, n)} of {n} {bank} lines to open invoices"))
            t = t + dt.timedelta(minutes=every, seconds=rng.randint(-5, 5))
    for host in hosts:
        t = DEPLOY + dt.timedelta(seconds=hosts.index(host) * 25)
        syslog.add(t, syslog3164(t, host, "systemd", 1, "Stopping bank-feeds poller..."))
        syslog.add(t, syslog3164(t, host, "systemd", 1, "Stopped bank-feeds poller."))
        pids[host] = rng.randint(20000, 30000)
        syslog.add(t, syslog3164(t, host, "systemd", 1, "Started bank-feeds poller."))
        syslog.add(t + dt.timedelta(seconds=2), app(t + dt.timedelta(seconds=2), host, "INFO", f"bank-feeds 2.3.0 starting, {len(BANKS)} partners, {len(BANKS)} pins"))
    emit(rng, syslog, start, end, 1.0, [
        (3, lambda t: syslog3164(t, rng.choice(hosts), "CRON", rng.randint(10000, 40000), "(feeds) CMD (/opt/bank-feeds/venv/bin/python -m bankfeeds.reconcile)")),
        (2, lambda t: syslog3164(t, rng.choice(hosts), "sshd", rng.randint(10000, 40000), f"Accepted publickey for deploy from 10.10.0.{rng.randint(2, 40)} port {rng.randint(30000, 60000)} ssh2: ED25519 SHA256:{hexid(rng, 20)}")),
        (2, lambda t: syslog3164(t, rng.choice(hosts), "systemd", 1, "Started Session {} of User deploy.".format(rng.randint(100, 999)))),
        (1, lambda t: syslog3164(t, rng.choice(hosts), "systemd-timesyncd", 611, "Initial synchronization to time server 10.10.0.2:123 (ntp.kontor.internal).")),
        (1, lambda t: syslog3164(t, rng.choice(hosts), "postfix/pickup", rng.randint(1000, 3000), f"{hexid(rng, 10).upper()}: uid=1001 from=<feeds>")),
    ])

    def an(t, text):
        return f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} p=4411 u=deploy n=ansible | {text}"

    t0 = DEPLOY - dt.timedelta(seconds=35)
    for offset, text in ((0, f"PLAY [feeds] *******************************************************************"),
                         (1, "TASK [Gathering Facts] *********************************************************"),
                         (4, "ok: [feeds-vm-1]"), (4, "ok: [feeds-vm-2]"),
                         (5, "TASK [bank-feeds : Check out release] ******************************************"),
                         (9, f"changed: [feeds-vm-1] => {{\"after\": \"{head}\", \"before\": \"{prev}\"}}"),
                         (9, f"changed: [feeds-vm-2] => {{\"after\": \"{head}\", \"before\": \"{prev}\"}}"),
                         (10, "TASK [bank-feeds : Install] ****************************************************"),
                         (33, "changed: [feeds-vm-1]"), (34, "changed: [feeds-vm-2]"),
                         (35, "TASK [bank-feeds : Restart] ****************************************************"),
                         (36, "changed: [feeds-vm-1]"), (61, "changed: [feeds-vm-2]"),
                         (62, "PLAY RECAP *********************************************************************"),
                         (62, "feeds-vm-1                 : ok=4    changed=3    unreachable=0    failed=0    skipped=0"),
                         (62, "feeds-vm-2                 : ok=4    changed=3    unreachable=0    failed=0    skipped=0")):
        t = t0 + dt.timedelta(seconds=offset)
        ansible.add(t, an(t, text))
    return [syslog, ansible]


def build(out_dir):
    rng = random.Random(1202)
    repo, culprit, prev, head = build_repo()
    try:
        start, end = utc("2026-12-02 07:30:00"), utc("2026-12-02 10:15:00")

        def last_success_age(t):
            return (t - ONSET).total_seconds() + 240 if t >= ONSET else 60 + (t.minute % 5) * 60

        metrics = {"bankfeeds_seconds_since_last_lines.json": query_range([({"partner": "nordbank", "job": "bank-feeds"}, last_success_age)], start, end, 60)}
        return write_scenario(
            out_dir, name="pinned-certificate", service=SERVICE, onset=ONSET,
            description="""
A certificate pinned in config. After a security audit, config/partners.yaml pins
each partner bank's certificate; the pin recorded for Nordbank is the fingerprint
of its intermediate CA, not of the leaf certificate the code compares. After the
09:12 Ansible deploy (which checks out the later Ansible commit) every Nordbank
fetch fails with a pin mismatch; the other three banks are fine.
""",
            logs=build_logs(rng, prev, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"pinned certificate mismatch"],
            fix_files=["config/partners.yaml"],
            explanation="""
The culprit adds the pins block to config/partners.yaml with a wrong Nordbank pin.
Decoys: an earlier same-file change (rhein-credit rate limit), the Ansible commit
the deploy checks out, a pinning how-to, pagination code, tests after the onset.
The fix corrects (or removes) the Nordbank pin in config/partners.yaml.
""",
        )
    finally:
        repo.close()
