import { strict as assert } from "node:assert";
import { awsKmsDisallowPublicPrincipal as policy } from "../aws/aws-kms-disallow-public-principal";
import { resource, violations } from "./fixtures";
import { ACCOUNT, json, keyPolicy, kmsKey } from "./fixtures-services";

const PUBLIC_DECRYPT = { Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" };

/** The program's key with `extra` added to its key policy. */
function keyWith(extra: Record<string, unknown>) {
    const document = keyPolicy();
    document.Statement.push(extra as any);
    const k = kmsKey();
    k.inputs.policy = json(document);
    return k;
}

describe("aws-kms-disallow-public-principal", () => {
    it("passes the program's key policy (account root, conditioned service, service-linked role)", () => {
        assert.deepEqual(violations(policy, [kmsKey()]), []);
    });

    it("passes a key without a policy, which gets the account-only default", () => {
        const k = kmsKey();
        delete k.inputs.policy;
        assert.deepEqual(violations(policy, [k]), []);
    });

    it("fails an unconditioned Allow to {AWS: \"*\"}", () => {
        const k = keyWith(PUBLIC_DECRYPT);
        const found = violations(policy, [k]);
        assert.deepEqual(found.map((v) => v.urn), [k.urn]);
        assert.match(found[0].message, /platform-key \(aws:kms\/key:Key\) policy statement 4 \(Anyone\) allows every principal without a condition on aws:SourceAccount, aws:SourceArn, kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID\.$/);
    });

    it("fails a bare \"*\" principal", () => {
        assert.equal(violations(policy, [keyWith({ ...PUBLIC_DECRYPT, Principal: "*" })]).length, 1);
    });

    it("fails a \"*\" principal whose condition does not pin the account", () => {
        assert.equal(violations(policy, [keyWith({ ...PUBLIC_DECRYPT, Condition: { Bool: { "aws:SecureTransport": "true" } } })]).length, 1);
    });

    it("fails a \"*\" principal whose account condition applies only if the key exists", () => {
        assert.equal(violations(policy, [keyWith({ ...PUBLIC_DECRYPT, Condition: { StringEqualsIfExists: { "kms:CallerAccount": ACCOUNT } } })]).length, 1);
    });

    it("accepts a \"*\" principal conditioned on the caller account (the AWS-managed pattern)", () => {
        assert.deepEqual(violations(policy, [keyWith({ ...PUBLIC_DECRYPT, Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "ec2.us-east-1.amazonaws.com" } } })]), []);
    });

    it("accepts only the condition keys the config lists", () => {
        const k = keyWith({ ...PUBLIC_DECRYPT, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } });
        assert.deepEqual(violations(policy, [k]), []);
        assert.equal(violations(policy, [k], { accountConditionKeys: ["kms:CallerAccount"] }).length, 1);
    });

    it("checks a separate KeyPolicy resource given as an object", () => {
        const separate = resource("aws:kms/keyPolicy:KeyPolicy", "key-policy", { inputs: { keyId: "2f6b2a52", policy: { Statement: [PUBLIC_DECRYPT] } } });
        assert.deepEqual(violations(policy, [separate]).map((v) => v.urn), [separate.urn]);
    });
});
