import { strict as assert } from "node:assert";
import { awsKmsRequireKeyRotation as policy } from "../aws/aws-kms-require-key-rotation";
import { evaluatePolicies } from "../../tools/policy/engine";
import { violations } from "./fixtures";
import { kmsKey } from "./fixtures-services";

/** The program's key with `change` applied to its inputs. */
function key(change: (inputs: Record<string, any>) => void = () => {}) {
    const k = kmsKey();
    change(k.inputs);
    return k;
}

describe("aws-kms-require-key-rotation", () => {
    it("passes a symmetric key with rotation enabled", () => {
        assert.deepEqual(violations(policy, [key()]), []);
    });

    it("fails a symmetric key with rotation disabled", () => {
        const k = key((i) => (i.enableKeyRotation = false));
        const found = violations(policy, [k]);
        assert.deepEqual(found.map((v) => v.urn), [k.urn]);
        assert.match(found[0].message, /platform-key \(aws:kms\/key:Key\) does not rotate its key material: enableKeyRotation is false\.$/);
    });

    it("fails a key that leaves rotation unset (AWS's default is off)", () => {
        assert.match(violations(policy, [key((i) => delete i.enableKeyRotation)])[0].message, /enableKeyRotation is unset\.$/);
    });

    it("fails a key that names the symmetric spec explicitly", () => {
        assert.equal(violations(policy, [key((i) => {
            i.customerMasterKeySpec = "SYMMETRIC_DEFAULT";
            i.enableKeyRotation = false;
        })]).length, 1);
    });

    it("exempts an asymmetric signing key, which KMS cannot rotate", () => {
        assert.deepEqual(violations(policy, [key((i) => {
            i.customerMasterKeySpec = "ECC_NIST_P256";
            i.keyUsage = "SIGN_VERIFY";
            i.enableKeyRotation = false;
        })]), []);
    });

    it("exempts a key in a custom key store, which KMS cannot rotate", () => {
        assert.deepEqual(violations(policy, [key((i) => {
            i.customKeyStoreId = "cks-1234567890abcdef0";
            delete i.enableKeyRotation;
        })]), []);
    });

    it("remediates by enabling rotation, and the remediated key passes", () => {
        const k = key((i) => (i.enableKeyRotation = false));
        const report = evaluatePolicies([policy], "mandatory", { [policy.name]: "remediate" }, [k]);
        assert.deepEqual(report.remediations.map((r) => r.urn), [k.urn]);
        assert.equal(report.remediatedInputs[k.urn].enableKeyRotation, true);
        assert.equal(report.remediatedInputs[k.urn].deletionWindowInDays, 30);
        assert.deepEqual(report.violations, []);
    });

    it("leaves a compliant or asymmetric key unchanged when remediating", () => {
        const asymmetric = key((i) => {
            i.customerMasterKeySpec = "RSA_2048";
            i.enableKeyRotation = false;
        });
        const report = evaluatePolicies([policy], "mandatory", { [policy.name]: "remediate" }, [key(), asymmetric]);
        assert.deepEqual(report.remediations, []);
    });
});
