import { z } from 'zod';
import { LOG_LEVELS } from '../logger.ts';
import { parseCidr } from '../webhooks/ip-ranges.ts';
import { isMailAddress } from '../mail/mail-message.ts';
import { parseSmtpUrl } from '../mail/smtp-url.ts';

const port = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

/** A port that may be 0, meaning "off". */
const optionalPort = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must be between 0 (off) and 65535')
  .max(65535, 'must be between 0 (off) and 65535');

/** A "host:port" pair, e.g. the demo carrier trunk. */
export const hostPortSchema = z.object({ host: z.string().min(1), port }).strict();

/** An inclusive UDP port range for RTP, e.g. 20000-20999. */
export const portRangeSchema = z
  .object({ min: port, max: port })
  .strict()
  .refine((r) => r.min <= r.max, 'the first port must not exceed the last')
  .refine((r) => r.max - r.min + 1 >= 2, 'must hold at least 2 ports (RTP and RTCP)');

/**
 * The one schema of the process configuration. Every source (flags,
 * SWITCHYARD_* variables, config file, defaults) is validated against it.
 */
export const processConfigSchema = z
  .object({
    dataDir: z.string().min(1, 'must not be empty').default('./data'),
    bind: z.string().min(1).default('0.0.0.0'),
    sipPort: port.default(5060),
    /** SIP over TCP; defaults to the UDP port (RFC 3261 §18: both on 5060). */
    sipTcpPort: optionalPort.optional(),
    /** SIP over TLS; on only when a certificate is found. */
    sipTlsPort: optionalPort.default(5061),
    /** SIP over WebSocket (RFC 7118). */
    sipWsPort: optionalPort.default(5066),
    /** SIP over secure WebSocket; on only when a certificate is found. */
    sipWssPort: optionalPort.default(7443),
    /** PEM certificate chain; default <data-dir>/tls/cert.pem when present. */
    tlsCert: z.string().min(1).optional(),
    /** PEM private key; default <data-dir>/tls/key.pem when present. */
    tlsKey: z.string().min(1).optional(),
    httpBind: z.string().min(1).default('127.0.0.1'),
    httpPort: port.default(8080),
    rtpPorts: portRangeSchema.default({ min: 10000, max: 20000 }),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    /**
     * Digest algorithms offered to SIP clients, most preferred first (RFC
     * 8760 §2.4). Default MD5 only, as Asterisk does: SIPp 3.6 and baresip
     * 1.0 fail on a SHA-256 challenge instead of skipping it (docs/decisions.md).
     */
    digestAlgorithms: z
      .array(z.enum(['SHA-256', 'MD5'], { error: 'must be SHA-256 or MD5' }))
      .min(1, 'must name at least one algorithm')
      .optional(),
    demo: z.boolean().default(false),
    demoTrunk: hostPortSchema.default({ host: '127.0.0.1', port: 5080 }),
    shutdownTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
    /**
     * In-call hotkey keys (D44): `pass` relays them to the other party too
     * (calls stay eligible for the native relay); `swallow` holds them back.
     */
    hotkeyDigits: z
      .enum(['pass', 'swallow'], { error: 'must be pass or swallow' })
      .default('swallow'),
    /**
     * Address blocks that tenant webhooks and IVR web services may reach
     * although they are loopback, private or link-local (issue 7, D47).
     * Set by the operator only; empty by default.
     */
    webhookAllow: z
      .array(
        z.string().refine((t) => parseCidr(t).ok, 'must be an IP address or CIDR block'),
        { error: 'must be a list of CIDR blocks' },
      )
      .default([]),
    /**
     * Where bills are e-mailed from (AC-9): `smtp://user:pass@host:587?starttls=1`
     * or `smtps://…`. Holds a password, so it comes from the environment or
     * the config file only, never a flag (D2). Unset: no bill e-mail.
     */
    smtpUrl: z
      .string()
      .superRefine((text, ctx) => {
        const parsed = parseSmtpUrl(text);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error.detail });
      })
      .optional(),
    /** The From address of bill e-mail; default `billing@<smtp host>`. */
    mailFrom: z.string().refine(isMailAddress, 'must be a mail address').optional(),
    /**
     * Day of the month (UTC) on which the month's bills are made (spec 03
     * §7.4–7.6); 0 turns the billing scheduler off.
     */
    billDay: z
      .number()
      .int('must be an integer')
      .min(0)
      .max(28, 'must be 0 (off) to 28')
      .default(1),
  })
  .strict();

/** The validated process configuration. */
export type ProcessConfig = z.output<typeof processConfigSchema>;

/** What a source may give: any subset of fields, in raw form. */
export type ProcessConfigInput = Record<string, unknown>;
