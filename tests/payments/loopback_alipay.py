"""A stand-in for Alipay's open-platform gateway (gateway.do) on 127.0.0.1, for the tests.

It answers as Alipay documents: the request's `sign` is checked with the app's public key
over the sorted parameters (all but `sign`, "k=v" joined by "&", SHA256withRSA); answers are
`{"alipay_trade_xxx_response": {...}, "sign": "…"}` with the sign over the exact JSON text of
the response object, made with the "Alipay" private key the test generated. Business errors
are code 40004 with a sub_code and sub_msg, a bad request signature 40002
isv.invalid-signature, an unknown app_id an unsigned 40002 isv.invalid-app-id, and the
gateway's own trouble 20000 aop.unknow-error (on demand, with `fail_next`).

`notification()` builds the asynchronous notification Alipay POSTs to the notify URL (form
fields signed over all fields but `sign` and `sign_type`), `form_body()` encodes it as Alipay
sends it (application/x-www-form-urlencoded, UTF-8)."""

import base64
import datetime
import http.server
import itertools
import json
import secrets
import threading
import urllib.parse
import zoneinfo
from decimal import Decimal

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"
_trade_numbers = itertools.count(1)


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_pem(key):
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sign(key, text):
    """SHA256withRSA (Alipay's RSA2) over `text` in UTF-8, base64."""
    signature = key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def verify(public_key, text, signature):
    try:
        public_key.verify(
            base64.b64decode(signature), text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256()
        )
    except Exception:  # noqa: BLE001  (any failure is "does not verify")
        return False
    return True


def signing_string(params, *, exclude=("sign",)):
    """Alipay's string to sign: the parameters but `exclude`, sorted by name, k=v&k=v."""
    return "&".join(f"{key}={params[key]}" for key in sorted(params) if key not in exclude)


def shanghai_now():
    return datetime.datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def new_trade_no():
    stamp = datetime.datetime.now(SHANGHAI).strftime("%Y%m%d")
    return f"{stamp}22001{next(_trade_numbers):05d}{secrets.randbelow(10**8):08d}"


def notification(
    *,
    key,
    app_id,
    out_trade_no,
    total_amount,
    trade_status="TRADE_SUCCESS",
    trade_no=None,
    gmt_payment=None,
    **extra,
):
    """The form fields of Alipay's trade_status_sync notification, signed with `key` (the
    Alipay private key; another key makes a forged one). `extra` adds or replaces fields
    (refund_fee, gmt_refund, out_biz_no for a refund's notification)."""
    now = shanghai_now()
    fields = {
        "notify_time": now,
        "notify_type": "trade_status_sync",
        "notify_id": secrets.token_hex(16),
        "app_id": app_id,
        "auth_app_id": app_id,
        "charset": "utf-8",
        "version": "1.0",
        "sign_type": "RSA2",
        "trade_no": trade_no or new_trade_no(),
        "out_trade_no": out_trade_no,
        "buyer_id": "2088102177846880",
        "buyer_logon_id": "138****8000",
        "seller_id": "2088721000000001",
        "seller_email": "fin***@example.com",
        "trade_status": trade_status,
        "total_amount": str(total_amount),
        "receipt_amount": str(total_amount),
        "invoice_amount": str(total_amount),
        "buyer_pay_amount": str(total_amount),
        "point_amount": "0.00",
        "subject": "测试费用",
        "gmt_create": now,
        "gmt_payment": gmt_payment or now,
        "fund_bill_list": json.dumps(
            [{"amount": str(total_amount), "fundChannel": "ALIPAYACCOUNT"}],
            separators=(",", ":"),
        ),
    }
    fields.update({name: str(value) for name, value in extra.items()})
    fields["sign"] = sign(key, signing_string(fields, exclude=("sign", "sign_type")))
    return fields


def form_body(fields):
    return urllib.parse.urlencode(fields, encoding="utf-8")


class AlipayGateway:
    """The gateway: `start()`, then point ALIPAY_GATEWAY at `url`; `requests` lists what was
    asked (method, all parameters, biz_content parsed, whether its sign verified)."""

    def __init__(self, *, app_id, app_public_key, alipay_key):
        self.app_id = app_id
        self.app_public_key = app_public_key  # verifies the requests
        self.alipay_key = alipay_key  # signs the answers (replace it to forge them)
        self.requests = []
        self.trades = {}  # out_trade_no → {"trade_no", "total_amount", "trade_status", …}
        self.refunds = {}  # (trade_no, out_request_no) → refund amount
        self.failures = {}  # method → (code, sub_code, sub_msg, msg, process)
        # Refunds accepted but not yet made (fund_change N, nothing to find by query yet).
        self.defer_refunds = False
        self.raw_answer = None  # a text answered instead (a proxy's error page, say)
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    # -- what the test sets --------------------------------------------------------------

    def set_trade(self, out_trade_no, *, total_amount, trade_status="TRADE_SUCCESS", **fields):
        trade = self.trades.setdefault(out_trade_no, {"trade_no": new_trade_no()})
        trade.update(
            out_trade_no=out_trade_no,
            total_amount=str(total_amount),
            trade_status=trade_status,
            **fields,
        )
        return trade

    def fail_next(self, method, code, sub_code, sub_msg="", msg=None, *, process=False):
        """The next call of `method` answers this error (signed, as Alipay signs them);
        `process=True` carries the request out first (a refund made whose answer said
        otherwise)."""
        self.failures[method] = (code, sub_code, sub_msg, msg, process)

    def notification(self, **kwargs):
        kwargs.setdefault("key", self.alipay_key)
        kwargs.setdefault("app_id", self.app_id)
        return notification(**kwargs)

    def calls(self, method):
        return [request for request in self.requests if request["method"] == method]

    # -- the server ----------------------------------------------------------------------

    @property
    def url(self):
        host, port = self._server.server_address
        return f"http://{host}:{port}/gateway.do"

    def start(self):
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                parsed = urllib.parse.urlsplit(self.path)
                self._answer(parsed.path, parsed.query)

            def do_POST(self):
                parsed = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                query = "&".join(part for part in (parsed.query, body) if part)
                self._answer(parsed.path, query)

            def _answer(self, path, query):
                if path != "/gateway.do":
                    self.send_error(404)
                    return
                params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
                status, text = gateway.answer(params)
                payload = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html;charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass  # keep the test output clean

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    # -- the answers ---------------------------------------------------------------------

    def answer(self, params):
        method = params.get("method", "")
        response_type = method.replace(".", "_") + "_response"
        try:
            biz = json.loads(params.get("biz_content") or "{}")
        except ValueError:
            biz = None
        sign_ok = verify(self.app_public_key, signing_string(params), params.get("sign", ""))
        with self._lock:
            self.requests.append(
                {"method": method, "params": params, "biz": biz, "sign_ok": sign_ok}
            )
            if self.raw_answer is not None:
                return 200, self.raw_answer
            if params.get("app_id") != self.app_id:
                # Alipay cannot know whose key would sign for an unknown app: unsigned.
                error = self._error("40002", "isv.invalid-app-id", "无效的AppID参数")
                return 200, json.dumps({response_type: error}, ensure_ascii=False)
            if not sign_ok:
                error = self._error(
                    "40002",
                    "isv.invalid-signature",
                    "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配",
                )
                return 200, self._signed(response_type, error)
            if params.get("sign_type") != "RSA2" or biz is None:
                error = self._error("40002", "isv.invalid-parameter", "参数无效")
                return 200, self._signed(response_type, error)
            failure = self.failures.pop(method, None)
            handler = {
                "alipay.trade.precreate": self._precreate,
                "alipay.trade.query": self._query,
                "alipay.trade.refund": self._refund,
                "alipay.trade.fastpay.refund.query": self._refund_query,
            }.get(method)
            if failure:
                code, sub_code, sub_msg, msg, process = failure
                if process and handler:
                    handler(biz)
                return 200, self._signed(response_type, self._error(code, sub_code, sub_msg, msg))
            if handler is None:
                error = self._error("40004", "isv.invalid-method", "不存在的方法名")
                return 200, self._signed(response_type, error)
            return 200, self._signed(response_type, handler(biz))

    def _signed(self, response_type, response):
        text = json.dumps(response, ensure_ascii=False, separators=(",", ":"))
        signature = sign(self.alipay_key, text)
        return f'{{"{response_type}":{text},"sign":"{signature}"}}'

    @staticmethod
    def _error(code, sub_code, sub_msg="", msg=None):
        msg = msg or {
            "20000": "Service Currently Unavailable",
            "40002": "Invalid Arguments",
            "40004": "Business Failed",
        }.get(code, "Business Failed")
        return {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg}

    def _trade_of(self, biz):
        if biz.get("out_trade_no") in self.trades:
            return self.trades[biz["out_trade_no"]]
        for trade in self.trades.values():
            if biz.get("trade_no") and trade["trade_no"] == biz["trade_no"]:
                return trade
        return None

    def _precreate(self, biz):
        required = ("out_trade_no", "total_amount", "subject")
        missing = [name for name in required if not biz.get(name)]
        if missing:
            return self._error("40002", "isv.missing-parameter", f"缺少必选参数 {missing[0]}")
        trade = self.trades.get(biz["out_trade_no"])
        if trade and trade["trade_status"] != "WAIT_BUYER_PAY":
            return self._error("40004", "ACQ.TRADE_HAS_SUCCESS", "交易已被支付")
        self.set_trade(
            biz["out_trade_no"], total_amount=biz["total_amount"], trade_status="WAIT_BUYER_PAY"
        )
        return {
            "code": "10000",
            "msg": "Success",
            "out_trade_no": biz["out_trade_no"],
            "qr_code": f"https://qr.alipay.com/bax0{secrets.token_hex(10)}",
        }

    def _query(self, biz):
        trade = self._trade_of(biz)
        if trade is None:
            return self._error("40004", "ACQ.TRADE_NOT_EXIST", "交易不存在")
        answer = {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "buyer_logon_id": "138****8000",
            "trade_status": trade["trade_status"],
            "total_amount": trade["total_amount"],
        }
        if trade["trade_status"] in ("TRADE_SUCCESS", "TRADE_FINISHED"):
            answer.update(
                receipt_amount=trade["total_amount"],
                buyer_pay_amount=trade["total_amount"],
                send_pay_date=trade.get("send_pay_date", shanghai_now()),
            )
        return answer

    def _refund(self, biz):
        trade = self._trade_of(biz)
        if trade is None:
            return self._error("40004", "ACQ.TRADE_NOT_EXIST", "交易不存在")
        if trade["trade_status"] not in ("TRADE_SUCCESS", "TRADE_CLOSED"):
            return self._error("40004", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
        out_request_no = biz.get("out_request_no") or trade["trade_no"]
        amount = Decimal(biz["refund_amount"])
        key = (trade["trade_no"], out_request_no)
        repeated = key in self.refunds
        if repeated and self.refunds[key] != amount:
            return self._error("40004", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额不一致")
        refunded = sum(
            (value for (number, _), value in self.refunds.items() if number == trade["trade_no"]),
            Decimal("0.00"),
        )
        if not repeated and self.defer_refunds:
            return {
                "code": "10000",
                "msg": "Success",
                "trade_no": trade["trade_no"],
                "out_trade_no": trade["out_trade_no"],
                "fund_change": "N",
                "refund_fee": f"{refunded:.2f}",
            }
        if not repeated:
            if refunded + amount > Decimal(trade["total_amount"]):
                return self._error("40004", "ACQ.REFUND_AMOUNT_LIMIT_EXCEEDED", "退款金额超限")
            self.refunds[key] = amount
            refunded += amount
            if refunded == Decimal(trade["total_amount"]):
                trade["trade_status"] = "TRADE_CLOSED"
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "buyer_logon_id": "138****8000",
            # A repeated request moves no money again: Alipay answers N with the same refund.
            "fund_change": "N" if repeated else "Y",
            "refund_fee": f"{refunded:.2f}",
            "gmt_refund_pay": shanghai_now(),
        }

    def _refund_query(self, biz):
        trade = self._trade_of(biz)
        if trade is None:
            return self._error("40004", "ACQ.TRADE_NOT_EXIST", "交易不存在")
        amount = self.refunds.get((trade["trade_no"], biz.get("out_request_no")))
        answer = {"code": "10000", "msg": "Success"}
        if amount is not None:
            # As documented: data for the refund only when Alipay has it.
            answer.update(
                trade_no=trade["trade_no"],
                out_trade_no=trade["out_trade_no"],
                out_request_no=biz["out_request_no"],
                total_amount=trade["total_amount"],
                refund_amount=f"{amount:.2f}",
                refund_status="REFUND_SUCCESS",
            )
        return answer
