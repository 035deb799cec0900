import { strict as assert } from "node:assert";
import * as path from "node:path";
import { BOOTSTRAP_PROJECT, PLATFORM_PROJECT, projectStackFile } from "../offline/run-program";
import { documentationRange, findUndeployable, isDecryptableSecure, readStackConfigDocument, reservedDnsName } from "./deployability";

const PLATFORM = { project: "platform", stack: "prod" } as const;
const BOOTSTRAP = { project: "bootstrap", stack: "prod" } as const;
const ZERO = `sha256:${"0".repeat(64)}`;
const REAL_DIGEST = "sha256:72cedd9603038893af961e90ac5e1a1a0d8377d5e338dbdad8fe284ea25de18f";
/** A ciphertext as Pulumi writes one: a 12-byte nonce and a 16-byte GCM tag after the message. */
const WELL_FORMED = `v1:${Buffer.alloc(12, 7).toString("base64")}:${Buffer.alloc(40, 9).toString("base64")}`;
const PLACEHOLDER = "v1:cGxhY2Vob2xkZXI=:c2V0LXdpdGgtcHVsdW1pLWNvbmZpZy1zZXQtLXNlY3JldA==";

const keysAndKinds = (config: Record<string, unknown>, context: { project: "platform" | "bootstrap"; stack: string } = PLATFORM) =>
    findUndeployable(config, context).map((f) => `${f.key} ${f.kind}`);

describe("deployability", () => {
    describe("rules", () => {
        it("finds AWS's documentation account IDs in ARNs and as account IDs, and only those", () => {
            assert.deepEqual(keysAndKinds({
                "signal-trading:iam": { permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b", deployRoleArn: "arn:aws:iam::210987654321:role/d" },
                "signal-trading:cluster": { adminRoleArns: ["arn:aws:iam::383838383838:role/a", "arn:aws-us-gov:iam::111122223333:role/b"] },
                "signal-trading:accounts": { audit: 444455556666, logs: "123456789012", real: "383838383838" },
            }), [
                "signal-trading:iam.permissionsBoundaryArn documentation-account",
                "signal-trading:cluster.adminRoleArns[1] documentation-account",
                "signal-trading:accounts.audit documentation-account",
                "signal-trading:accounts.logs documentation-account",
            ]);
        });

        it("finds addresses and CIDRs in the documentation ranges (RFC 5737, RFC 3849), not their neighbours", () => {
            for (const inside of ["192.0.2.0/24", "198.51.100.7", "203.0.113.128/25", "2001:db8::/48", "2001:db8:1::1"]) assert.ok(documentationRange(inside), inside);
            for (const outside of ["10.40.0.0/16", "203.0.114.0/24", "192.0.3.1", "2001:db9::/32", "0.0.0.0/0", "not-an-ip", "203.0.113.0/24/1", "1.0.0"]) {
                assert.equal(documentationRange(outside), undefined, outside);
            }
            assert.equal(documentationRange("198.51.100.0/24"), "198.51.100.0/24");
            const [finding] = findUndeployable({ "signal-trading:cluster": { endpointPublicAccessCidrs: ["10.0.0.0/8", "203.0.113.0/24"] } }, PLATFORM);
            assert.deepEqual(finding, {
                key: "signal-trading:cluster.endpointPublicAccessCidrs[1]", kind: "documentation-address", value: "203.0.113.0/24",
                problem: "in 203.0.113.0/24, an address block reserved for documentation: no real client comes from it",
                action: "replace with the real range (for an allow-list: the egress range of the operators' VPN and the deploy runners): `pulumi config set --path cluster.endpointPublicAccessCidrs[1] <cidr> --stack prod`",
            });
        });

        it("knows the reserved DNS names (RFC 2606 and 6761) and nothing that merely looks alike", () => {
            for (const [host, reserved] of [
                ["example.com", "example.com"], ["api.signal-trading.example.com", "example.com"], ["x.example.org.", "example.org"], ["EXAMPLE.NET", "example.net"],
                ["grafana.example", ".example"], ["ci.test", ".test"], ["a.b.invalid", ".invalid"], ["app.localhost", ".localhost"], ["localhost", ".localhost"],
            ]) assert.equal(reservedDnsName(host), reserved, host);
            for (const host of ["signal-trading.com", "example.co", "myexample.com", "example.com.au", "test.io", "m7i.large"]) assert.equal(reservedDnsName(host), undefined, host);
        });

        it("finds reserved names as hosts, in URLs and in e-mail addresses, each with its own remedy", () => {
            const findings = findUndeployable({
                "signal-trading:dns": { apiHost: "api.example.com", acmeEmail: "ops@example.org", zoneName: "trading.acme.io" },
                "signal-trading:monitoring": { grafanaSso: { authUrl: "https://sso.example.com/authorize", tokenUrl: "https://sso.acme.io/token" } },
                "signal-trading:labels": { "app.kubernetes.io/name": "ci.test", instance: "m7i.large" },
            }, PLATFORM);
            assert.deepEqual(findings.map((f) => [f.key, f.problem, f.action]), [
                ["signal-trading:dns.apiHost", "example.com is reserved (RFC 2606/6761): no public DNS zone can hold it",
                    "replace with a name in the organisation's DNS zone: `pulumi config set --path dns.apiHost <name> --stack prod`"],
                ["signal-trading:dns.acmeEmail", "example.org is reserved (RFC 2606/6761): no mail reaches it",
                    "replace with a mailbox the operators read: `pulumi config set --path dns.acmeEmail <address> --stack prod`"],
                ["signal-trading:monitoring.grafanaSso.authUrl", "example.com is reserved (RFC 2606/6761): no service answers there",
                    "replace with the real endpoint: `pulumi config set --path monitoring.grafanaSso.authUrl <url> --stack prod`"],
                // A key with dots is bracketed, as `pulumi config set --path` takes it.
                ['signal-trading:labels["app.kubernetes.io/name"]', ".test is reserved (RFC 2606/6761): no public DNS zone can hold it",
                    "replace with a name in the organisation's DNS zone: `pulumi config set --path labels[\"app.kubernetes.io/name\"] <name> --stack prod`"],
            ]);
        });

        it("finds all-zero digests wherever they are, and commands the digest from where the image comes from", () => {
            const findings = findUndeployable({
                "signal-trading:environment": "prod",
                "signal-trading:aws": { region: "eu-west-1" },
                "signal-trading:services": { gateway: { image: { tag: "1.2.3", digest: ZERO } }, data: { image: { tag: "1.2.3", digest: REAL_DIGEST } } },
                "signal-trading:redis": { image: { tag: "8.10.2-alpine", digest: REAL_DIGEST }, exporterImage: { tag: "v1.88.0", digest: ZERO } },
                "signal-trading:database": { clientImage: { tag: "17.6-alpine", digest: ZERO } },
                "signal-trading:extra": { sidecar: `ghcr.io/acme/sidecar@${ZERO}` },
            }, PLATFORM);
            assert.deepEqual(findings.map((f) => [f.key, f.kind, f.action]), [
                ["signal-trading:services.gateway.image.digest", "zero-digest",
                    "push the image, then pin the digest ECR returned: `pulumi config set --path services.gateway.image.digest \"$(aws ecr describe-images --region eu-west-1 --repository-name signal-trading-prod/gateway --image-ids imageTag=1.2.3 --query 'imageDetails[0].imageDigest' --output text)\" --stack prod`"],
                ["signal-trading:redis.exporterImage.digest", "zero-digest",
                    "pin the tag's index digest: `pulumi config set --path redis.exporterImage.digest \"$(crane digest quay.io/oliver006/redis_exporter:v1.88.0)\" --stack prod`"],
                ["signal-trading:database.clientImage.digest", "zero-digest",
                    "pin the tag's index digest: `pulumi config set --path database.clientImage.digest \"$(crane digest public.ecr.aws/docker/library/postgres:17.6-alpine)\" --stack prod`"],
                ["signal-trading:extra.sidecar", "zero-digest",
                    "set the digest of the image the key names (`crane digest <image>:<tag>`): `pulumi config set --path extra.sidecar sha256:<digest> --stack prod`"],
            ]);
        });

        it("tells a secure value no provider decrypts from a well-formed ciphertext", () => {
            assert.equal(isDecryptableSecure(WELL_FORMED), true);
            for (const bad of [PLACEHOLDER, "v1:AAAA:AAAA", "v2:" + WELL_FORMED.slice(3), "AQICAHh...", WELL_FORMED.replace(/:[^:]+$/, `:${Buffer.alloc(15).toString("base64")}`)]) {
                assert.equal(isDecryptableSecure(bad), false, bad);
            }
            const config = {
                "signal-trading:slackWebhookUrl": { secure: PLACEHOLDER },
                "signal-trading:grafanaSsoClientSecret": { secure: WELL_FORMED },
                "signal-trading:apiKeys": { marketData: { secure: PLACEHOLDER } },
            };
            assert.deepEqual(findUndeployable(config, PLATFORM).map((f) => [f.key, f.kind, f.value, f.action]), [
                ["signal-trading:slackWebhookUrl", "undecryptable-secret", `secure: ${PLACEHOLDER}`, "set every secret of the stack: `npm run secrets -- --stack prod`"],
                ["signal-trading:apiKeys.marketData", "undecryptable-secret", `secure: ${PLACEHOLDER}`, "set every secret of the stack: `npm run secrets -- --stack prod`"],
            ]);
            const [bootstrapSecret] = findUndeployable({ "signal-trading-bootstrap:dockerHubAccessToken": { secure: PLACEHOLDER } }, BOOTSTRAP);
            assert.equal(bootstrapSecret.action, "set it: `pulumi -C bootstrap config set --secret dockerHubAccessToken <value> --stack prod`");
        });

        it("finds placeholder repository owners and AWS-documentation-style identifiers", () => {
            assert.deepEqual(keysAndKinds({
                "signal-trading-bootstrap:github": { repository: "example-org/signal-trading", mirror: "https://github.com/your-org/x", file: "https://github.com/example-org/x/blob/main/docs/runbooks.md", real: "acme/signal-trading", realFile: "https://github.com/acme/x/blob/main/README.md" },
                "signal-trading-bootstrap:dns": { hostedZoneId: "Z0PROD012345EXAMPLE", realZone: "Z04412345ABCDEFGHIJ", word: "EXAMPLE" },
            }, BOOTSTRAP), [
                "signal-trading-bootstrap:github.repository placeholder-repository",
                "signal-trading-bootstrap:github.mirror placeholder-repository",
                "signal-trading-bootstrap:github.file placeholder-repository",
                "signal-trading-bootstrap:dns.hostedZoneId documentation-identifier",
            ]);
        });

        it("takes the platform's delivery ARNs from the bootstrap's outputs, and names the bootstrap's own commands with -C bootstrap", () => {
            const [boundary] = findUndeployable({ "signal-trading:iam": { permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b" } }, { project: "platform", stack: "dev" });
            assert.equal(boundary.action, "take the bootstrap's output: `pulumi config set --path iam.permissionsBoundaryArn \"$(pulumi -C bootstrap stack output permissionsBoundaryArn --stack dev)\" --stack dev`");
            const [trusted] = findUndeployable({ "signal-trading-bootstrap:breakGlass": { trustedRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"] } }, BOOTSTRAP);
            assert.equal(trusted.action, "replace with the ARN in the organisation's account: `pulumi -C bootstrap config set --path breakGlass.trustedRoleArns[0] arn:aws:iam::<account>:... --stack prod`");
        });

        it("finds nothing in a stack file of real values", () => {
            assert.deepEqual(findUndeployable({
                "signal-trading:environment": "prod",
                "signal-trading:aws": { region: "us-east-1" },
                "signal-trading:iam": { deployRoleArn: "arn:aws:iam::383838383838:role/deploy" },
                "signal-trading:cluster": { endpointPublicAccessCidrs: ["198.18.0.0/15"], kubernetesVersion: "1.36" },
                "signal-trading:dns": { zoneName: "trading.acme.io", acmeEmail: "platform@acme.io" },
                "signal-trading:services": { gateway: { image: { tag: "1.0.0", digest: REAL_DIGEST }, scaling: { min: 2, max: 15 } } },
                "signal-trading:monitoring": { slackChannels: { critical: "#alerts" }, grafanaSso: { roles: { Admin: ["platform-admins"] } } },
                "signal-trading:slackWebhookUrl": { secure: WELL_FORMED },
                "signal-trading:backup": { crossRegionReplication: true, schedules: { daily: { cron: "0 2 * * *", ttlHours: 720 } } },
            }, PLATFORM), []);
        });
    });

    describe("the committed stack files", () => {
        const committed = (project: typeof PLATFORM_PROJECT, stack: string) =>
            findUndeployable(readStackConfigDocument(projectStackFile(project, stack)), { project: project === PLATFORM_PROJECT ? "platform" : "bootstrap", stack });

        it("prod: every organisation-specific stand-in, by key", () => {
            assert.deepEqual(committed(PLATFORM_PROJECT, "prod").map((f) => `${f.key} ${f.kind}`), [
                "signal-trading:iam.permissionsBoundaryArn documentation-account",
                "signal-trading:iam.breakGlassRoleArn documentation-account",
                "signal-trading:iam.deployRoleArn documentation-account",
                "signal-trading:cluster.endpointPublicAccessCidrs[0] documentation-address",
                "signal-trading:cluster.adminRoleArns[0] documentation-account",
                "signal-trading:cluster.readOnlyRoleArns[0] documentation-account",
                "signal-trading:dns.zoneName reserved-dns-name",
                "signal-trading:dns.hostedZoneId documentation-identifier",
                "signal-trading:dns.apiHost reserved-dns-name",
                "signal-trading:dns.grafanaHost reserved-dns-name",
                "signal-trading:dns.acmeEmail reserved-dns-name",
                "signal-trading:services.gateway.image.digest zero-digest",
                "signal-trading:services.data.image.digest zero-digest",
                "signal-trading:services.signal.image.digest zero-digest",
                "signal-trading:services.ml.image.digest zero-digest",
                "signal-trading:redis.exporterImage.digest zero-digest",
                "signal-trading:database.clientImage.digest zero-digest",
                "signal-trading:monitoring.grafanaSso.authUrl reserved-dns-name",
                "signal-trading:monitoring.grafanaSso.tokenUrl reserved-dns-name",
                "signal-trading:monitoring.grafanaSso.userinfoUrl reserved-dns-name",
                "signal-trading:monitoring.runbooksUrl placeholder-repository",
                "signal-trading:slackWebhookUrl undecryptable-secret",
                "signal-trading:deadMansSwitchUrl undecryptable-secret",
                "signal-trading:grafanaSsoClientSecret undecryptable-secret",
                "signal-trading:apiKeys.marketData undecryptable-secret",
            ]);
        });

        it("the bootstrap's stacks: the repository, the administrators' role and the Docker Hub token", () => {
            for (const stack of ["dev", "prod"]) {
                assert.deepEqual(committed(BOOTSTRAP_PROJECT, stack).map((f) => `${f.key} ${f.kind}`), [
                    "signal-trading-bootstrap:github.repository placeholder-repository",
                    "signal-trading-bootstrap:breakGlass.trustedRoleArns[0] documentation-account",
                    "signal-trading-bootstrap:dockerHubAccessToken undecryptable-secret",
                ], stack);
            }
        });

        it("refuses a stack file it cannot read", () => {
            assert.throws(() => readStackConfigDocument(path.join(BOOTSTRAP_PROJECT.root, "Pulumi.none.yaml")), /cannot read stack file .*Pulumi\.none\.yaml/);
        });
    });
});
