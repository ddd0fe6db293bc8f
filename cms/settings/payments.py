"""Payment provider settings, read from the environment (see README, "Payments").

A provider is offered only if it is named in PAYMENTS_PROVIDERS and fully configured; keys and
certificates are files named by path (never their contents in the environment or the code).
The built-in test-mode provider ("test") lets a person complete or fail a payment from a local
page: it is the default for development and the demo, and is refused in production unless
PAYMENTS_ALLOW_TEST_MODE=1 says so on purpose."""

import os

from .base import env_bool, env_list

PAYMENTS_PROVIDERS = env_list("PAYMENTS_PROVIDERS", "test")
# cms/settings/production.py turns this off by default and refuses "test" without it.
PAYMENTS_ALLOW_TEST_MODE = env_bool("PAYMENTS_ALLOW_TEST_MODE", True)
# Provider API calls wait this long at most (seconds), so a slow gateway cannot hold a worker.
PAYMENTS_PROVIDER_TIMEOUT = int(os.environ.get("PAYMENTS_PROVIDER_TIMEOUT", "15"))

# WeChat Pay API v3 (direct merchant): Native QR on computers, JSAPI inside WeChat.
WECHATPAY_MCHID = os.environ.get("WECHATPAY_MCHID", "")
WECHATPAY_APPID = os.environ.get("WECHATPAY_APPID", "")
WECHATPAY_PRIVATE_KEY = os.environ.get("WECHATPAY_PRIVATE_KEY", "")  # path to apiclient_key.pem
WECHATPAY_CERT_SERIAL_NO = os.environ.get("WECHATPAY_CERT_SERIAL_NO", "")
WECHATPAY_APIV3_KEY = os.environ.get("WECHATPAY_APIV3_KEY", "")
# The platform's public key (path) and its id (PUB_KEY_ID_…), or a folder of platform
# certificates (the SDK downloads them there when it is empty).
WECHATPAY_PUBLIC_KEY = os.environ.get("WECHATPAY_PUBLIC_KEY", "")
WECHATPAY_PUBLIC_KEY_ID = os.environ.get("WECHATPAY_PUBLIC_KEY_ID", "")
WECHATPAY_CERT_DIR = os.environ.get("WECHATPAY_CERT_DIR", "")
WECHATPAY_NOTIFY_URL = os.environ.get("WECHATPAY_NOTIFY_URL", "")
WECHATPAY_API_BASE = os.environ.get("WECHATPAY_API_BASE", "https://api.mch.weixin.qq.com")

# Alipay (open platform, RSA2 keys): page pay on computers, wap pay on phones.
ALIPAY_APPID = os.environ.get("ALIPAY_APPID", "")
ALIPAY_PRIVATE_KEY = os.environ.get("ALIPAY_PRIVATE_KEY", "")  # path to the app's private key
ALIPAY_PUBLIC_KEY = os.environ.get("ALIPAY_PUBLIC_KEY", "")  # path to Alipay's public key
ALIPAY_GATEWAY = os.environ.get("ALIPAY_GATEWAY", "https://openapi.alipay.com/gateway.do")
ALIPAY_NOTIFY_URL = os.environ.get("ALIPAY_NOTIFY_URL", "")
