import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../../tools/policy/engine";
import { awsEksRequireControlPlaneLogging as policy } from "../aws/aws-eks-require-control-plane-logging";
import { eksCluster } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-eks-require-control-plane-logging", () => {
    it("passes a cluster that enables all five log types", () => {
        assert.deepEqual(violations(policy, [eksCluster()]), []);
    });

    it("fails a cluster without audit and authenticator logs, naming both", () => {
        const cluster = eksCluster();
        cluster.inputs.enabledClusterLogTypes = ["api", "controllerManager", "scheduler"];
        const found = violations(policy, [cluster]);
        assert.deepEqual(found.map((v) => v.urn), [cluster.urn]);
        assert.match(found[0].message, /platform-cluster \(aws:eks\/cluster:Cluster\) does not log: audit, authenticator\.$/);
    });

    it("fails a cluster that sets no log types at all", () => {
        const cluster = eksCluster();
        delete cluster.inputs.enabledClusterLogTypes;
        assert.match(violations(policy, [cluster])[0].message, /does not log: api, audit, authenticator, controllerManager, scheduler\.$/);
    });

    it("requires only the log types the config lists", () => {
        const cluster = eksCluster();
        cluster.inputs.enabledClusterLogTypes = ["api", "audit"];
        assert.deepEqual(violations(policy, [cluster], { requiredLogTypes: ["api", "audit"] }), []);
        assert.equal(violations(policy, [cluster]).length, 1);
    });

    describe("remediation", () => {
        const remediate = (cluster: ReturnType<typeof eksCluster>) =>
            evaluatePolicies([policy], "mandatory", { [policy.name]: "remediate" }, [cluster]);

        it("appends the missing log types after the existing ones and then passes", () => {
            const cluster = eksCluster();
            cluster.inputs.enabledClusterLogTypes = ["scheduler", "api"];
            const report = remediate(cluster);
            assert.deepEqual(report.remediatedInputs[cluster.urn].enabledClusterLogTypes, ["scheduler", "api", "audit", "authenticator", "controllerManager"]);
            assert.deepEqual(report.violations, []);
        });

        it("adds every type to a cluster that has none", () => {
            const cluster = eksCluster();
            delete cluster.inputs.enabledClusterLogTypes;
            assert.deepEqual(remediate(cluster).remediatedInputs[cluster.urn].enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        });

        it("changes nothing on a compliant cluster, so a second run is a no-op", () => {
            const report = remediate(eksCluster());
            assert.deepEqual(report.remediations, []);
            assert.deepEqual(report.remediatedInputs, {});
        });
    });
});
