// Rate limiting, the pure parts, in Node: the client-address key (IPv4 as is, IPv6 as its /64), the
// anonymous limits in code against the [[ratelimits]] bindings of wrangler.toml, and API key quotas.
import { parseConfig } from '../../../functions/src/config';
import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { MAX_KEY_QUOTA_PER_MINUTE, parseKeyQuota } from '../../../functions/src/http/api-keys';
import { ADDRESS_POLICIES, addressKey, DEFAULT_KEY_QUOTA, keyQuota } from '../../../functions/src/http/rate-limit';

describe('addressKey', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey(' 198.51.100.255 ')).toBe('198.51.100.255');
    expect(addressKey('0.0.0.0')).toBe('0.0.0.0');
  });

  it('counts an IPv6 address as its /64, whatever the notation', () => {
    const key = '2001:db8:85a3:8d3::/64';
    for (const address of [
      '2001:db8:85a3:8d3:1319:8a2e:370:7348',
      '2001:0db8:85a3:08d3:0000:0000:0000:0001', // leading zeros
      '2001:DB8:85A3:8D3:FFFF:FFFF:FFFF:FFFF', // upper case, last address of the /64
      '2001:db8:85a3:8d3::', // '::' at the end
      '2001:db8:85a3:8d3::1',
      '2001:db8:85a3:8d3:1::2',
      '[2001:db8:85a3:8d3::1]', // brackets, as in URLs
      '2001:db8:85a3:8d3::1%eth0', // zone index
      '2001:db8:85a3:8d3:1:2:192.0.2.1', // dotted IPv4 tail
    ]) {
      expect(addressKey(address), address).toBe(key);
    }
  });

  it('expands :: compression wherever it is', () => {
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:0:1::')).toBe('2001:db8:0:1::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::')).toBe('0:0:0:0::/64');
    expect(addressKey('1::2:3:4:5:6:7')).toBe('1:0:2:3::/64'); // '::' standing for one group
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('tells apart addresses in different /64s, also neighbouring ones', () => {
    expect(addressKey('2001:db8:0:1::1')).not.toBe(addressKey('2001:db8:0:2::1'));
    expect(addressKey('2001:db8:0:1::1')).not.toBe(addressKey('2001:db8:1:1::1'));
    expect(addressKey('2001:db8:0:1:ffff::')).not.toBe(addressKey('2001:db8:0:2::'));
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address, not as the /64 all of them share', () => {
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:c000:201')).toBe('192.0.2.1');
    expect(addressKey('0:0:0:0:0:ffff:c000:0201')).toBe('192.0.2.1');
    expect(addressKey('[::ffff:192.0.2.1]')).toBe('192.0.2.1');
    expect(addressKey('::ffff:192.0.2.2')).not.toBe(addressKey('::ffff:192.0.2.1'));
  });

  it('counts anything that is not an address on its own (trimmed, lower case), and nothing as no key', () => {
    for (const odd of [
      '2001:db8:::1',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      'g::1',
      '12345::',
      '1:2:3:4:5:6:7:8::',
      '256.1.1.1',
      '1.2.3',
      'Unknown',
    ]) {
      expect(addressKey(odd), odd).toBe(odd.trim().toLowerCase());
    }
    expect(addressKey(undefined)).toBeUndefined();
    expect(addressKey(null)).toBeUndefined();
    expect(addressKey('')).toBeUndefined();
    expect(addressKey('   ')).toBeUndefined();
  });
});

describe('anonymous limits', () => {
  it('are the [[ratelimits]] bindings of wrangler.toml, so a 429 reports the limit that applies', () => {
    // Read and validated as wrangler does (period 10 or 60, namespace_id an integer).
    const { ratelimits } = unstable_readConfig({ config: 'wrangler.toml' }, { hideWarnings: true }) as {
      ratelimits: { name: string; namespace_id: string; simple: { limit: number; period: number } }[];
    };
    const bindings = Object.fromEntries(ratelimits.map((r) => [r.name, r.simple]));
    for (const [name, policy] of Object.entries(ADDRESS_POLICIES)) {
      expect(bindings[policy.binding], `${name}: [[ratelimits]] ${policy.binding}`).toEqual({
        limit: policy.limit,
        period: policy.periodSeconds,
      });
    }
    expect(new Set(ratelimits.map((r) => r.namespace_id)).size).toBe(ratelimits.length);
  });
});

describe('API key quotas', () => {
  it("are the key's own per minute, else RATE_LIMIT_API_KEY (or its former name RATE_LIMIT_RECOGNITION), else 120/60", () => {
    expect(keyQuota(7, parseConfig({ RATE_LIMIT_API_KEY: '5/10' }))).toEqual({ limit: 7, periodSeconds: 60 });
    expect(keyQuota(null, parseConfig({}))).toEqual(DEFAULT_KEY_QUOTA);
    expect(DEFAULT_KEY_QUOTA).toEqual({ limit: 120, periodSeconds: 60 });
    expect(keyQuota(null, parseConfig({ RATE_LIMIT_API_KEY: '5/10' }))).toEqual({ limit: 5, periodSeconds: 10 });
    expect(keyQuota(null, parseConfig({ RATE_LIMIT_RECOGNITION: '3/60' }))).toEqual({ limit: 3, periodSeconds: 60 });
    expect(keyQuota(null, parseConfig({ RATE_LIMIT_API_KEY: '5/10', RATE_LIMIT_RECOGNITION: '3/60' }))).toEqual({
      limit: 5,
      periodSeconds: 10,
    });
    expect(() => keyQuota(null, parseConfig({ RATE_LIMIT_API_KEY: '5' }))).toThrow(/RATE_LIMIT_API_KEY/);
  });

  it('given to keys:create are whole numbers of requests per minute within range', () => {
    expect(parseKeyQuota('600')).toBe(600);
    expect(parseKeyQuota(' 1 ')).toBe(1);
    expect(parseKeyQuota(String(MAX_KEY_QUOTA_PER_MINUTE))).toBe(MAX_KEY_QUOTA_PER_MINUTE);
    for (const bad of ['', '0', '-5', '1.5', '1e3', 'ten', '600/60', String(MAX_KEY_QUOTA_PER_MINUTE + 1)])
      expect(() => parseKeyQuota(bad), bad).toThrow(/--rate-limit/);
  });
});
