/** A channel's `results` settings (issue #15 item 5): read into the channel, checked with their path. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { ConfigInvalidError } from '../../src/errors.js';
import { makeTempDir } from '../support/temp-dir.js';

const config = (results: string) => `environment: playground
channels:
  - kind: local
    name: acme
    profile: road-forwarder-export
    path: ./acme
    results: ${results}
`;

describe('channel results settings', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('config-results');
  });
  afterEach(() => dir.remove());

  it('are given to the channel as written', () => {
    const file = join(dir.path, 'tollkit.yaml');
    writeFileSync(file, config('{ encoding: utf-8, bom: true, delimiter: ",", timeZone: UTC }'));
    expect(loadConfig(file, { env: {} }).channels[0]?.results).toEqual({ encoding: 'utf-8', bom: true, delimiter: ',', timeZone: 'UTC' });
  });

  it('an unknown time zone, encoding or delimiter is reported with its path', () => {
    const file = join(dir.path, 'tollkit.yaml');
    writeFileSync(file, config('{ encoding: ebcdic, delimiter: "#", timeZone: Mars/Olympus }'));
    try {
      loadConfig(file, { env: {} });
      expect.unreachable('the config should be refused');
    } catch (error) {
      const issues = (error as ConfigInvalidError).issues.map((i) => `${i.path}: ${i.message}`);
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^channels\[0\] \(acme\)\.results\.encoding: must be one of "utf-8"/),
          expect.stringMatching(/^channels\[0\] \(acme\)\.results\.delimiter: must be one of/),
          expect.stringMatching(/^channels\[0\] \(acme\)\.results\.timeZone: must be an IANA time zone/),
        ]),
      );
    }
  });
});
