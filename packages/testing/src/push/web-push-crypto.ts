import {
  createDecipheriv,
  createECDH,
  createHmac,
  createPublicKey,
  type ECDH,
  randomBytes,
  verify,
} from 'node:crypto';

/** A push subscription as a browser makes one: a P-256 key pair and a 16-byte auth secret. */
export type BrowserSubscription = {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The browser's private side, which only the receiver holds. */
  ecdh: ECDH;
  authSecret: Buffer;
};

export function browserKeys(): { ecdh: ECDH; p256dh: string; authSecret: Buffer; auth: string } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    ecdh,
    p256dh: ecdh.getPublicKey().toString('base64url'),
    authSecret,
    auth: authSecret.toString('base64url'),
  };
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/**
 * Decrypts an `aes128gcm` web push message (RFC 8188 framing, RFC 8291 keys) with the
 * subscription's private key and auth secret, as the browser's push stack does.
 */
export function decryptAes128gcm(body: Buffer, ecdh: ECDH, authSecret: Buffer): Buffer {
  if (body.length < 21) throw new Error('body shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65 || asPublic[0] !== 0x04) throw new Error('keyid is not an uncompressed P-256 key');
  if (rs < 18) throw new Error('record size too small');
  const uaPublic = ecdh.getPublicKey();
  const ecdhSecret = ecdh.computeSecret(asPublic);
  const prkKey = hmac(authSecret, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic, Buffer.from([1])]);
  const ikm = hmac(prkKey, keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const baseNonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const records = body.subarray(21 + idlen);
  const out: Buffer[] = [];
  for (let offset = 0, seq = 0; offset < records.length; offset += rs, seq += 1) {
    const record = records.subarray(offset, Math.min(offset + rs, records.length));
    const nonce = Buffer.from(baseNonce);
    // RFC 8188 §2.3: the record sequence number XORed into the nonce's low bytes.
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end -= 1;
    const last = offset + rs >= records.length;
    if (end < 0 || plain[end] !== (last ? 2 : 1)) throw new Error('bad padding delimiter');
    out.push(plain.subarray(0, end));
  }
  return Buffer.concat(out);
}

export type VapidClaims = { aud: string; exp: number; sub: string };

/**
 * Checks `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292): an ES256 JWT signed by the
 * key `k`, whose `aud` is the push service's origin, `exp` in the future and at most 24 h away,
 * and `sub` a mailto: or https: contact. Returns the claims or the reason it is refused.
 */
export function verifyVapid(
  authorization: string | undefined,
  origin: string,
  expectedKey?: string,
  now = Math.floor(Date.now() / 1000),
): { ok: true; claims: VapidClaims; key: string } | { ok: false; reason: string } {
  const m = /^vapid\s+t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!m) return { ok: false, reason: 'no vapid authorization' };
  const [, jwt, k] = m as unknown as [string, string, string];
  if (expectedKey && k !== expectedKey) return { ok: false, reason: 'unknown application server key' };
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return { ok: false, reason: 'malformed JWT' };
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
  if (header.alg !== 'ES256') return { ok: false, reason: 'alg is not ES256' };
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return { ok: false, reason: 'k is not a P-256 public key' };
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const good = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!good) return { ok: false, reason: 'bad JWT signature' };
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as VapidClaims;
  if (claims.aud !== origin) return { ok: false, reason: `aud ${claims.aud} is not ${origin}` };
  if (!(claims.exp > now)) return { ok: false, reason: 'expired' };
  if (claims.exp > now + 24 * 3600) return { ok: false, reason: 'exp more than 24 hours ahead' };
  if (!/^(mailto:|https:)/.test(claims.sub ?? ''))
    return { ok: false, reason: 'sub is not mailto: or https:' };
  return { ok: true, claims, key: k };
}
