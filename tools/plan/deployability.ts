/**
 * What in a stack file cannot deploy as it is: values that are valid to the schema (so the
 * offline plan runs) but that a real account, DNS, registry or secrets provider refuses or
 * silently mishandles. Committed stack files carry such stand-ins for what is specific to an
 * organisation; each rule here recognises one kind by the value itself, wherever it is, so a
 * new key holding such a value is found without a list of keys to keep up to date.
 */
import * as fs from "node:fs";
import { BlockList, isIP } from "node:net";
import { parse } from "yaml";
import { CONFIGURED_IMAGES, PULL_THROUGH_CACHES } from "../../components/shared/images";
import { StackFileError } from "../offline/stack-file";

export type FindingKind =
    | "documentation-account"
    | "documentation-address"
    | "reserved-dns-name"
    | "documentation-identifier"
    | "zero-digest"
    | "undecryptable-secret"
    | "placeholder-repository";

export interface DeployabilityFinding {
    /** The config key as `pulumi config set --path` spells it: `signal-trading:cluster.endpointPublicAccessCidrs[0]`. */
    key: string;
    kind: FindingKind;
    /** The value as the stack file holds it; a secure value as `secure: <ciphertext>` (never a secret: it decrypts to nothing). */
    value: string;
    /** Why it cannot deploy. */
    problem: string;
    /** What to do instead, with the command where there is one. */
    action: string;
}

export interface DeployabilityContext {
    /** `platform` or `bootstrap`: decides the commands (`pulumi -C bootstrap ...`, `npm run secrets`). */
    project: "platform" | "bootstrap";
    stack: string;
}

/** The `config` map of a stack file, keys with their namespace, secure values as `{ secure: ... }`. */
export function readStackConfigDocument(file: string): Record<string, unknown> {
    let document: unknown;
    try {
        document = parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new StackFileError(`cannot read stack file ${file}: ${(error as Error).message}`);
    }
    const config = (document as { config?: unknown } | null)?.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) throw new StackFileError(`${file}: \`config\` must be a map of config keys`);
    return config as Record<string, unknown>;
}

// ------------------------------------------------------------------ rules

/** Account IDs AWS's documentation uses in its examples; no organisation owns them. */
export const DOCUMENTATION_ACCOUNTS = new Set(["123456789012", "111122223333", "444455556666", "777788889999"]);

/** Address blocks reserved for documentation: RFC 5737 (IPv4) and RFC 3849 (IPv6). */
const DOCUMENTATION_RANGES = ([["192.0.2.0", 24, "ipv4"], ["198.51.100.0", 24, "ipv4"], ["203.0.113.0", 24, "ipv4"], ["2001:db8::", 32, "ipv6"]] as const)
    .map(([address, prefix, type]) => {
        const block = new BlockList();
        block.addSubnet(address, prefix, type);
        return { cidr: `${address}/${prefix}`, type, block };
    });

/** Top-level names RFC 6761 reserves; RFC 2606 also reserves example.com, example.net and example.org. */
const RESERVED_TLDS = new Set(["example", "test", "invalid", "localhost"]);
const RESERVED_SECOND_LEVEL = new Set(["example.com", "example.net", "example.org"]);

/** GitHub owners that stand for "your organisation" in examples. */
const PLACEHOLDER_OWNERS = new Set(["example-org", "example", "your-org", "your-organization", "my-org"]);

const ZERO_DIGEST = /sha256:0{64}/;
const ARN_ACCOUNT = /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/;
/** AWS documentation's example identifiers end in EXAMPLE (AKIAIOSFODNN7EXAMPLE, Z0...EXAMPLE). */
const DOCUMENTATION_IDENTIFIER = /^[A-Z0-9]+EXAMPLE$/;
const HOSTNAME = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?$/i;

/** The reserved name a host falls under, if any: `example.com`, `.test`, ... */
export function reservedDnsName(host: string): string | undefined {
    const labels = host.toLowerCase().replace(/\.$/, "").split(".");
    const tld = labels[labels.length - 1];
    if (RESERVED_TLDS.has(tld)) return `.${tld}`;
    const secondLevel = labels.slice(-2).join(".");
    return RESERVED_SECOND_LEVEL.has(secondLevel) ? secondLevel : undefined;
}

/** The host names a value carries: itself, a URL's host or an e-mail address's domain. */
function hostsOf(value: string): { host: string; form: "url" | "email" | "host" }[] {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        try {
            return [{ host: new URL(value).hostname, form: "url" }];
        } catch {
            return [];
        }
    }
    const email = /^[^@\s]+@([^@\s]+)$/.exec(value);
    if (email) return [{ host: email[1], form: "email" }];
    return HOSTNAME.test(value) && (value.includes(".") || value.toLowerCase() === "localhost") ? [{ host: value, form: "host" }] : [];
}

/** The documentation range an address or CIDR lies in, if any. */
export function documentationRange(value: string): string | undefined {
    const [address, prefix, ...rest] = value.split("/");
    if (rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return undefined;
    const family = isIP(address);
    if (family === 0) return undefined;
    const type = family === 4 ? "ipv4" : "ipv6";
    const range = DOCUMENTATION_RANGES.find(({ type: t, block }) => t === type && block.check(address, type));
    return range && range.cidr;
}

/**
 * Whether a `secure:` value can be a ciphertext of Pulumi's secrets managers: every one of them
 * (passphrase, cloud KMS, service) stores `v1:<nonce>:<ciphertext>`, base64, sealed with
 * AES-256-GCM under a 12-byte nonce, so the ciphertext holds at least GCM's 16-byte tag.
 */
export function isDecryptableSecure(ciphertext: string): boolean {
    const parts = /^v1:([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2})$/.exec(ciphertext);
    if (!parts) return false;
    return Buffer.from(parts[1], "base64").length === 12 && Buffer.from(parts[2], "base64").length >= 16;
}

// ------------------------------------------------------------------ walk

interface Site {
    /** `signal-trading:cluster.endpointPublicAccessCidrs[0]` */
    key: string;
    /** The same below the namespace: `cluster.endpointPublicAccessCidrs[0]`. */
    path: string;
    value: unknown;
}

function* sites(config: Record<string, unknown>): Generator<Site> {
    function* walk(key: string, path: string, value: unknown): Generator<Site> {
        if (Array.isArray(value)) {
            for (const [i, item] of value.entries()) yield* walk(`${key}[${i}]`, `${path}[${i}]`, item);
        } else if (value !== null && typeof value === "object" && !isSecure(value)) {
            for (const [k, v] of Object.entries(value)) {
                // `pulumi config set --path` takes a key with dots or slashes in brackets.
                const step = /^[A-Za-z_][\w-]*$/.test(k) ? `.${k}` : `["${k}"]`;
                yield* walk(`${key}${step}`, `${path}${step}`, v);
            }
        } else {
            yield { key, path, value };
        }
    }
    for (const [fullKey, value] of Object.entries(config)) {
        const separator = fullKey.indexOf(":");
        yield* walk(fullKey, separator >= 0 ? fullKey.slice(separator + 1) : fullKey, value);
    }
}

function isSecure(value: unknown): value is { secure: string } {
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string";
}

/** Every value of a stack file's config that cannot deploy as it is, in the file's order. */
export function findUndeployable(config: Record<string, unknown>, context: DeployabilityContext): DeployabilityFinding[] {
    const findings: DeployabilityFinding[] = [];
    const actions = new Actions(config, context);
    for (const site of sites(config)) {
        const add = (kind: FindingKind, value: string, problem: string) => findings.push({ key: site.key, kind, value, problem, action: actions.for(kind, site) });
        if (isSecure(site.value)) {
            if (!isDecryptableSecure(site.value.secure)) {
                add("undecryptable-secret", `secure: ${site.value.secure}`, "a placeholder, not a ciphertext any Pulumi secrets provider produced (v1:<12-byte nonce>:<AES-GCM ciphertext>): the first preview fails to decrypt it");
            }
            continue;
        }
        // YAML reads an unquoted account ID as a number.
        const value = typeof site.value === "number" && Number.isInteger(site.value) ? String(site.value) : site.value;
        if (typeof value !== "string") continue;
        const account = ARN_ACCOUNT.exec(value)?.[1] ?? (/^\d{12}$/.test(value) ? value : undefined);
        if (account && DOCUMENTATION_ACCOUNTS.has(account)) add("documentation-account", value, `${account} is an account ID of AWS's documentation, not the organisation's`);
        const range = documentationRange(value);
        if (range) add("documentation-address", value, `in ${range}, an address block reserved for documentation: no real client comes from it`);
        for (const { host, form } of hostsOf(value)) {
            const reserved = reservedDnsName(host);
            if (!reserved) continue;
            const what = form === "email" ? "no mail reaches it" : form === "url" ? "no service answers there" : "no public DNS zone can hold it";
            add("reserved-dns-name", value, `${reserved} is reserved (RFC 2606/6761): ${what}`);
        }
        if (DOCUMENTATION_IDENTIFIER.test(value)) add("documentation-identifier", value, "an identifier in the style of AWS's documentation examples (…EXAMPLE): nothing in the account has it");
        if (ZERO_DIGEST.test(value)) add("zero-digest", value, "the all-zero sha256 digest: no image has it, so no node can pull it");
        // `owner/name`, or any github.com URL under the owner (a repository or a file in it).
        const owner = (/^([\w.-]+)\/[\w.-]+$/.exec(value) ?? /^https:\/\/github\.com\/([\w.-]+)\/[\w.-]+(?:\/\S*)?$/.exec(value))?.[1];
        if (owner && PLACEHOLDER_OWNERS.has(owner.toLowerCase())) add("placeholder-repository", value, `${owner} is a placeholder owner: no repository of the organisation has that name`);
    }
    return findings;
}

// ------------------------------------------------------------------ actions

/** The upstream image of each `<section>.<key>` image setting whose repository is fixed in code. */
const CONFIGURED_IMAGE_KEYS: Record<string, keyof typeof CONFIGURED_IMAGES> = {
    "redis.exporterImage": "redisExporter",
    "database.clientImage": "postgres",
    "redis.image": "redis",
};

/** The stack outputs of the bootstrap that the platform's config takes over as they are. */
const BOOTSTRAP_OUTPUTS = new Set(["permissionsBoundaryArn", "breakGlassRoleArn", "deployRoleArn"]);

class Actions {
    private readonly namespace: string;

    constructor(private readonly config: Record<string, unknown>, private readonly context: DeployabilityContext) {
        this.namespace = context.project === "bootstrap" ? "signal-trading-bootstrap" : "signal-trading";
    }

    private get pulumi(): string {
        return this.context.project === "bootstrap" ? "pulumi -C bootstrap" : "pulumi";
    }

    private set(path: string, value: string, secret = false): string {
        const nested = /[.[]/.test(path) ? " --path" : "";
        return `\`${this.pulumi} config set${secret ? " --secret" : ""}${nested} ${path} ${value} --stack ${this.context.stack}\``;
    }

    private setting(path: string): unknown {
        const [section, ...rest] = path.split(".");
        let value: unknown = this.config[`${this.namespace}:${section}`];
        for (const part of rest) value = (value as Record<string, unknown> | undefined)?.[part];
        return value;
    }

    for(kind: FindingKind, site: Site): string {
        const { path } = site;
        switch (kind) {
            case "zero-digest": {
                const image = /^(.*)\.digest$/.exec(path)?.[1];
                const tag = image && String(this.setting(`${image}.tag`) ?? "<tag>");
                const service = image && /^services\.([\w-]+)\.image$/.exec(image)?.[1];
                if (service && this.context.project === "platform") {
                    const region = String(this.setting("aws.region") ?? "<region>");
                    const environment = String(this.setting("environment") ?? this.context.stack);
                    return `push the image, then pin the digest ECR returned: ${this.set(path, `"$(aws ecr describe-images --region ${region} --repository-name signal-trading-${environment}/${service} --image-ids imageTag=${tag} --query 'imageDetails[0].imageDigest' --output text)"`)}`;
                }
                const upstream = image && CONFIGURED_IMAGE_KEYS[image] && CONFIGURED_IMAGES[CONFIGURED_IMAGE_KEYS[image]];
                if (upstream) return `pin the tag's index digest: ${this.set(path, `"$(crane digest ${PULL_THROUGH_CACHES[upstream.cache].upstreamRegistryUrl}/${upstream.repository}:${tag})"`)}`;
                return `set the digest of the image the key names (\`crane digest <image>:<tag>\`): ${this.set(path, "sha256:<digest>")}`;
            }
            case "undecryptable-secret":
                return this.context.project === "platform"
                    ? `set every secret of the stack: \`npm run secrets -- --stack ${this.context.stack}\``
                    : `set it: ${this.set(path, "<value>", true)}`;
            case "documentation-account": {
                const leaf = path.split(".").pop()!;
                if (this.context.project === "platform" && BOOTSTRAP_OUTPUTS.has(leaf)) {
                    return `take the bootstrap's output: ${this.set(path, `"$(pulumi -C bootstrap stack output ${leaf} --stack ${this.context.stack})"`)}`;
                }
                return `replace with the ARN in the organisation's account: ${this.set(path, "arn:aws:iam::<account>:...")}`;
            }
            case "documentation-address":
                return `replace with the real range (for an allow-list: the egress range of the operators' VPN and the deploy runners): ${this.set(path, "<cidr>")}`;
            case "reserved-dns-name": {
                const value = String(site.value);
                if (value.includes("@")) return `replace with a mailbox the operators read: ${this.set(path, "<address>")}`;
                if (value.includes("://")) return `replace with the real endpoint: ${this.set(path, "<url>")}`;
                return `replace with a name in the organisation's DNS zone: ${this.set(path, "<name>")}`;
            }
            case "documentation-identifier":
                return `replace with the real identifier (a hosted zone: \`aws route53 list-hosted-zones-by-name --dns-name <zone>\`): ${this.set(path, "<id>")}`;
            case "placeholder-repository": {
                const value = String(site.value);
                return value.startsWith("https://")
                    ? `replace with the URL in the repository that holds this code: ${this.set(path, value.replace(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+/, "https://github.com/<owner>/<name>"))}`
                    : `replace with the repository that holds this code: ${this.set(path, "<owner>/<name>")}`;
            }
        }
    }
}
