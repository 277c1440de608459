"""Runs localstripe (a stateful Stripe stand-in from PyPI) for the test harness.

Three departures from `localstripe --port N`, all to make it a faithful, isolated stand-in:
- it listens on 127.0.0.1 only (localstripe binds every interface);
- its store stays in memory (localstripe pickles every write to one shared /tmp file, which
  parallel test runs would clobber);
- it honours the `Idempotency-Key` header the way Stripe documents it (a repeated key replays the
  first answer), which localstripe ignores — our "a retried activity never charges twice"
  guarantee rests on that behaviour of the real Stripe.

Usage: python3 serve-localstripe.py PORT
"""

import asyncio
import sys

from aiohttp import web

from localstripe import resources, server

resources.Store.dump_to_disk = lambda self: None

_answers = {}
_locks = {}


@web.middleware
async def idempotency_middleware(request, handler):
    key = request.headers.get('Idempotency-Key')
    if request.method != 'POST' or not key:
        return await handler(request)
    scope = (request.headers.get('Authorization', ''), key)
    lock = _locks.setdefault(scope, asyncio.Lock())
    async with lock:
        saved = _answers.get(scope)
        if saved is not None:
            status, body = saved
            return web.Response(status=status, body=body, content_type='application/json',
                                headers={'Idempotent-Replayed': 'true'})
        response = await handler(request)
        if response.status < 500:
            _answers[scope] = (response.status, response.body)
        return response


server.app.middlewares.insert(0, idempotency_middleware)

if __name__ == '__main__':
    web.run_app(server.app, host='127.0.0.1', port=int(sys.argv[1]), print=None,
                access_log=None)
