#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Take the README's screenshots from a running demo (``make demo``).

    python3 scripts/screenshots.py [--url http://localhost:8069] [--db crm_agency_sales_demo]
                                   [--out static/description] [--only NAME ...]

Each shot logs in as its role (the demo's users), opens a page of the web
client in headless chromium at the shot's width and saves a PNG. Needs
``chromium`` and the Python packages ``requests`` and ``websocket-client``
(both already required by Odoo's browser tests).
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import requests
import websocket

HERE = os.path.dirname(os.path.abspath(__file__))


def xmlid_res_id(session, url, xmlid):
    """The database id of ``xmlid`` (a record of the demo), read over JSON-RPC."""
    module, name = xmlid.split(".")
    result = session.post(f"{url}/web/dataset/call_kw/ir.model.data/search_read", json={
        "jsonrpc": "2.0", "method": "call", "params": {
            "model": "ir.model.data", "method": "search_read",
            "args": [[["module", "=", module], ["name", "=", name]], ["res_id"]], "kwargs": {},
        },
    }).json()
    if result.get("error") or not result.get("result"):
        raise SystemExit(f"{xmlid} not found in the demo database: {result.get('error', {}).get('message', '')}")
    return result["result"][0]["res_id"]


# name, login, page (with {xmlid} placeholders), width, height, wait-for CSS
SHOTS = [
    ("pipeline", "salesperson", "/odoo/crm", 1920, 700, ".o_kanban_record"),
    ("lead_form", "salesperson2", "/odoo/crm/{crm_agency_sales.crm_lead_08_demo}", 1366, 1000,
     ".o_form_view div[name=agency_next_step]"),
    ("lead_form_phone", "salesperson2", "/odoo/crm/{crm_agency_sales.crm_lead_08_demo}", 375, 812,
     ".o_form_view div[name=agency_next_step]"),
    ("lead_form_fa", "salesperson_fa", "/odoo/crm/{crm_agency_sales.crm_lead_story_hafez_demo}", 1366, 1000,
     ".o_form_view div[name=agency_next_step]"),
    ("agency_overview", "admin", "/odoo/action-crm_agency_sales.crm_team_action_agency_overview", 1600, 800,
     ".o_kanban_record"),
    ("quotations_to_approve", "admin", "/odoo/action-crm_agency_sales.sale_order_action_to_approve", 1366, 600,
     ".o_list_view"),
    ("contract_request", "finance",
     "/odoo/action-crm_agency_sales.crm_contract_request_action/{crm_agency_sales.crm_contract_request_baikal_demo}",
     1366, 1000, ".o_form_view .o_statusbar_status"),
]


class Browser:
    """A headless chromium driven over the DevTools protocol."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="agency_shots_")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not chromium:
            raise SystemExit("chromium is not installed (Debian package chromium).")
        self.proc = subprocess.Popen([
            chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--remote-debugging-port=9333", f"--user-data-dir={self.profile}", "about:blank",
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _attempt in range(50):
            try:
                targets = requests.get("http://127.0.0.1:9333/json", timeout=1).json()
                page = next(target for target in targets if target["type"] == "page")
                break
            except (requests.RequestException, StopIteration, ValueError):
                time.sleep(0.2)
        else:
            raise SystemExit("chromium did not start.")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def shot(self, url, cookie, width, height, wait_for, path):
        self.call("Network.enable")
        self.call("Network.clearBrowserCookies")
        self.call("Network.setCookie", name="session_id", value=cookie, url=url)
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)
        self.call("Page.navigate", url=url)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(wait_for)})"):
                break
            time.sleep(0.3)
        else:
            raise SystemExit(f"{url}: nothing matching {wait_for} after 60 s")
        time.sleep(1.5)  # let the chatter and the images load
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))

    def close(self):
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def login(url, db, user):
    session = requests.Session()
    response = session.post(f"{url}/web/session/authenticate", json={
        "jsonrpc": "2.0", "method": "call", "params": {"db": db, "login": user, "password": user},
    })
    if response.json().get("error"):
        raise SystemExit(f"cannot log in as {user}: {response.json()['error']['message']}")
    return session


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="crm_agency_sales_demo")
    parser.add_argument("--out", default=os.path.join(HERE, "..", "static", "description"))
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    browser = Browser()
    admin = login(args.url, args.db, "admin")  # reads the demo's xml ids
    try:
        for name, user, page, width, height, wait_for in SHOTS:
            if args.only and name not in args.only:
                continue
            session = login(args.url, args.db, user)
            while "{" in page:
                start = page.index("{")
                end = page.index("}", start)
                page = page[:start] + str(xmlid_res_id(admin, args.url, page[start + 1:end])) + page[end + 1:]
            path = os.path.join(args.out, f"{name}.png")
            browser.shot(args.url + page, session.cookies["session_id"], width, height, wait_for, path)
            print(f"{path}  ({user}, {width} px)")
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
