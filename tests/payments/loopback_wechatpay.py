"""A stand-in for WeChat Pay's API v3 on 127.0.0.1, answering as its documentation says.

It checks each request's Authorization signature with the merchant's public key (401
SIGN_ERROR otherwise), refuses missing fields (400 PARAM_ERROR), a paid order (403 ORDERPAID)
and an unknown one (404 ORDER_NOT_EXIST), signs every answer with the platform's private key
(Wechatpay-Signature/-Timestamp/-Nonce/-Serial, the serial being the public key id), and keeps
what it was sent in `requests`. `notification()` builds a notification exactly as WeChat
posts one: the resource encrypted with the APIv3 key, the headers signed by the platform."""

import base64
import dataclasses
import datetime
import http.server
import json
import re
import secrets
import threading
import time
import urllib.parse

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
CHINA = datetime.timezone(datetime.timedelta(hours=8))
AUTHORIZATION = re.compile(r'(\w+)="([^"]*)"')


def sign(private_key, message):
    signature = private_key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def verify(public_key, message, signature):
    try:
        public_key.verify(
            base64.b64decode(signature), message.encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def now_text():
    return datetime.datetime.now(CHINA).replace(microsecond=0).isoformat()


@dataclasses.dataclass
class Recorded:
    method: str
    path: str
    query: dict
    headers: dict
    body: dict


class Refused(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class WeChatPayStandIn:
    """Start with `start()` (returns the base URL), stop with `stop()`.

    What the tests set: `trades[out_trade_no]` (what the order query answers, filled in by
    `pay()`), `refund_status` (SUCCESS or PROCESSING), `fail_next` ((status, code, message)
    for the next signed request), `answer_key` (sign answers with another key)."""

    def __init__(
        self,
        *,
        mchid,
        appid,
        apiv3_key,
        merchant_public_key,
        merchant_serial_no,
        platform_private_key,
        public_key_id,
    ):
        self.mchid = mchid
        self.appid = appid
        self.apiv3_key = apiv3_key
        self.merchant_public_key = merchant_public_key
        self.merchant_serial_no = merchant_serial_no
        self.platform_private_key = platform_private_key
        self.public_key_id = public_key_id
        self.answer_key = None
        self.requests = []
        self.trades = {}
        self.refunds = {}
        self.refund_status = "SUCCESS"
        self.fail_next = None
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    # Running.

    def start(self):
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                stand_in._handle(self)

            def do_POST(self):
                stand_in._handle(self)

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self.base_url

    @property
    def base_url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # What the tests set up.

    def pay(self, out_trade_no, *, state="SUCCESS", total=None, transaction_id=None):
        """Sets the order's trade state as WeChat would after the payer acted (`total` in fen
        for an order this stand-in was not asked to open)."""
        trade = self.trades.setdefault(out_trade_no, {"total": 0})
        if total is not None:
            trade["total"] = total
        trade["trade_state"] = state
        trade["transaction_id"] = (
            transaction_id
            or trade.get("transaction_id")
            or ("4200" + "".join(secrets.choice("0123456789") for _ in range(24)))
        )
        trade["success_time"] = now_text() if state == "SUCCESS" else None
        return self.transaction(out_trade_no)

    def transaction(self, out_trade_no):
        """The transaction as WeChat describes it (query answer, notification resource)."""
        trade = self.trades[out_trade_no]
        data = {
            "appid": self.appid,
            "mchid": self.mchid,
            "out_trade_no": out_trade_no,
            "transaction_id": trade.get("transaction_id", ""),
            "trade_type": trade.get("trade_type", "NATIVE"),
            "trade_state": trade.get("trade_state", "NOTPAY"),
            "trade_state_desc": {"SUCCESS": "支付成功", "CLOSED": "已关闭"}.get(
                trade.get("trade_state"), "订单未支付"
            ),
            "bank_type": "OTHERS",
            "attach": "",
            "payer": {"openid": trade.get("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")},
            "amount": {
                "total": trade["total"],
                "payer_total": trade["total"],
                "currency": "CNY",
                "payer_currency": "CNY",
            },
        }
        if trade.get("success_time"):
            data["success_time"] = trade["success_time"]
        return data

    # Notifications.

    def notification(
        self,
        event_type,
        resource,
        *,
        original_type="transaction",
        key=None,
        serial=None,
        apiv3_key=None,
    ):
        """(body, headers) of a notification as WeChat posts it, signed with the platform key
        (or `key`) and the resource encrypted with the APIv3 key (or `apiv3_key`)."""
        nonce = secrets.token_hex(6)  # 12 characters, as WeChat's
        associated_data = original_type
        ciphertext = AESGCM((apiv3_key or self.apiv3_key).encode()).encrypt(
            nonce.encode(),
            json.dumps(resource, ensure_ascii=False).encode(),
            associated_data.encode(),
        )
        summary = {
            "TRANSACTION.SUCCESS": "支付成功",
            "REFUND.SUCCESS": "退款成功",
            "REFUND.ABNORMAL": "退款异常",
            "REFUND.CLOSED": "退款关闭",
        }.get(event_type, "通知")
        body = json.dumps(
            {
                "id": secrets.token_hex(18),
                "create_time": now_text(),
                "event_type": event_type,
                "resource_type": "encrypt-resource",
                "summary": summary,
                "resource": {
                    "original_type": original_type,
                    "algorithm": "AEAD_AES_256_GCM",
                    "ciphertext": base64.b64encode(ciphertext).decode(),
                    "associated_data": associated_data,
                    "nonce": nonce,
                },
            },
            ensure_ascii=False,
        )
        return body, self._signed_headers(body, key=key, serial=serial)

    def refund_resource(self, out_refund_no, status):
        refund = self.refunds[out_refund_no]
        return {
            "mchid": self.mchid,
            "out_trade_no": refund["out_trade_no"],
            "transaction_id": refund["transaction_id"],
            "out_refund_no": out_refund_no,
            "refund_id": refund["refund_id"],
            "refund_status": status,
            "success_time": now_text(),
            "user_received_account": "支付用户零钱",
            "amount": {
                "total": refund["total"],
                "refund": refund["refund"],
                "payer_total": refund["total"],
                "payer_refund": refund["refund"],
            },
        }

    def _signed_headers(self, body, *, key=None, serial=None):
        timestamp = str(int(time.time()))
        nonce = secrets.token_hex(16).upper()
        return {
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": sign(
                key or self.platform_private_key, f"{timestamp}\n{nonce}\n{body}\n"
            ),
            "Wechatpay-Serial": serial or self.public_key_id,
            "Wechatpay-Signature-Type": SIGNATURE_TYPE,
        }

    # Answering.

    def _handle(self, handler):
        raw = handler.rfile.read(int(handler.headers.get("Content-Length") or 0)).decode()
        url = urllib.parse.urlsplit(handler.path)
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = None
        with self._lock:
            self.requests.append(
                Recorded(
                    method=handler.command,
                    path=url.path,
                    query=dict(urllib.parse.parse_qsl(url.query)),
                    headers=dict(handler.headers.items()),
                    body=body,
                )
            )
            try:
                self._check_signature(handler, raw)
                if body is None:
                    raise Refused(400, "PARAM_ERROR", "请求体不是合法的JSON")
                if self.fail_next:
                    status, code, message = self.fail_next
                    self.fail_next = None
                    raise Refused(status, code, message)
                status, answer = self._route(handler.command, url, body)
            except Refused as refused:
                status, answer = refused.status, {"code": refused.code, "message": refused.message}
        text = json.dumps(answer, ensure_ascii=False) if answer is not None else ""
        payload = text.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(payload)))
        handler.send_header("Request-ID", secrets.token_hex(16))
        for name, value in self._signed_headers(text, key=self.answer_key).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)

    def _check_signature(self, handler, raw):
        authorization = handler.headers.get("Authorization", "")
        scheme, _, rest = authorization.partition(" ")
        fields = dict(AUTHORIZATION.findall(rest))
        if scheme != SIGNATURE_TYPE or not all(
            fields.get(name)
            for name in ("mchid", "nonce_str", "signature", "timestamp", "serial_no")
        ):
            raise Refused(401, "SIGN_ERROR", "Authorization 格式不正确")
        if fields["mchid"] != self.mchid or fields["serial_no"] != self.merchant_serial_no:
            raise Refused(401, "SIGN_ERROR", "商户号或证书序列号有误")
        if abs(time.time() - int(fields["timestamp"])) > 300:
            raise Refused(401, "SIGN_ERROR", "请求时间戳已过期")
        message = (
            f"{handler.command}\n{handler.path}\n{fields['timestamp']}\n"
            f"{fields['nonce_str']}\n{raw}\n"
        )
        if not verify(self.merchant_public_key, message, fields["signature"]):
            raise Refused(401, "SIGN_ERROR", "签名错误")

    def _route(self, method, url, body):
        path = url.path
        if method == "POST" and path in (
            "/v3/pay/transactions/native",
            "/v3/pay/transactions/jsapi",
        ):
            return self._order(body, jsapi=path.endswith("jsapi"))
        match = re.fullmatch(r"/v3/pay/transactions/out-trade-no/([^/]+)", path)
        if method == "GET" and match:
            query = dict(urllib.parse.parse_qsl(url.query))
            if query.get("mchid") != self.mchid:
                raise Refused(
                    400,
                    "PARAM_ERROR",
                    "输入源“/query/mchid”映射到值字段“直连商户号”字符串规则校验失败",
                )
            if match.group(1) not in self.trades:
                raise Refused(404, "ORDER_NOT_EXIST", "订单不存在")
            return 200, self.transaction(match.group(1))
        if method == "POST" and path == "/v3/refund/domestic/refunds":
            return self._refund(body)
        raise Refused(404, "NOT_FOUND", "无效的请求路径")

    def _require(self, body, *names):
        for name in names:
            value = body
            for part in name.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if value in (None, ""):
                raise Refused(400, "PARAM_ERROR", f"缺少参数 {name}")

    def _order(self, body, *, jsapi):
        self._require(
            body, "appid", "mchid", "description", "out_trade_no", "notify_url", "amount.total"
        )
        if jsapi:
            self._require(body, "payer.openid")
        if body["mchid"] != self.mchid or body["appid"] != self.appid:
            raise Refused(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
        total = body["amount"]["total"]
        if not isinstance(total, int) or isinstance(total, bool) or total <= 0:
            raise Refused(
                400, "PARAM_ERROR", "输入源“/body/amount/total”映射到值字段“总金额”数字规则校验失败"
            )
        if len(body["description"].encode()) > 127:
            raise Refused(400, "PARAM_ERROR", "description 长度超过限制")
        if "time_expire" in body:
            try:
                datetime.datetime.fromisoformat(body["time_expire"])
            except ValueError:
                raise Refused(400, "PARAM_ERROR", "time_expire 格式错误") from None
        out_trade_no = body["out_trade_no"]
        trade = self.trades.get(out_trade_no)
        if trade and trade.get("trade_state") == "SUCCESS":
            raise Refused(403, "ORDERPAID", "该订单已支付")
        self.trades[out_trade_no] = {
            "total": total,
            "trade_state": "NOTPAY",
            "trade_type": "JSAPI" if jsapi else "NATIVE",
            "openid": (body.get("payer") or {}).get("openid", ""),
        }
        if jsapi:
            return 200, {"prepay_id": "wx" + secrets.token_hex(15)}
        return 200, {"code_url": "weixin://wxpay/bizpayurl?pr=" + secrets.token_urlsafe(6)}

    def _refund(self, body):
        self._require(body, "out_refund_no", "amount.refund", "amount.total", "amount.currency")
        if not (body.get("transaction_id") or body.get("out_trade_no")):
            raise Refused(400, "PARAM_ERROR", "transaction_id 和 out_trade_no 必须二选一")
        out_refund_no = body["out_refund_no"]
        if out_refund_no in self.refunds:
            return 200, self._refund_answer(out_refund_no)  # the same refund, asked again
        trades = {
            no: trade
            for no, trade in self.trades.items()
            if trade.get("transaction_id") == body.get("transaction_id")
            or no == body.get("out_trade_no")
        }
        if not trades:
            raise Refused(404, "RESOURCE_NOT_EXISTS", "订单不存在")
        out_trade_no, trade = next(iter(trades.items()))
        if trade.get("trade_state") not in ("SUCCESS", "REFUND"):
            raise Refused(403, "TRADE_STATE_ERROR", "订单状态错误")
        amount = body["amount"]
        if amount["total"] != trade["total"]:
            raise Refused(400, "PARAM_ERROR", "订单金额与原订单不符")
        refunded = sum(
            r["refund"] for r in self.refunds.values() if r["out_trade_no"] == out_trade_no
        )
        if not isinstance(amount["refund"], int) or amount["refund"] <= 0:
            raise Refused(400, "PARAM_ERROR", "退款金额错误")
        if refunded + amount["refund"] > trade["total"]:
            raise Refused(403, "NOT_ENOUGH", "订单可退金额不足")
        self.refunds[out_refund_no] = {
            "out_trade_no": out_trade_no,
            "transaction_id": trade["transaction_id"],
            "refund_id": "5030" + "".join(secrets.choice("0123456789") for _ in range(25)),
            "refund": amount["refund"],
            "total": trade["total"],
            "status": self.refund_status,
        }
        trade["trade_state"] = "REFUND"
        return 200, self._refund_answer(out_refund_no)

    def _refund_answer(self, out_refund_no):
        refund = self.refunds[out_refund_no]
        return {
            "refund_id": refund["refund_id"],
            "out_refund_no": out_refund_no,
            "transaction_id": refund["transaction_id"],
            "out_trade_no": refund["out_trade_no"],
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "create_time": now_text(),
            "status": refund["status"],
            "funds_account": "AVAILABLE",
            "amount": {
                "total": refund["total"],
                "refund": refund["refund"],
                "payer_total": refund["total"],
                "payer_refund": refund["refund"],
                "settlement_refund": refund["refund"],
                "settlement_total": refund["total"],
                "discount_refund": 0,
                "currency": "CNY",
            },
        }
