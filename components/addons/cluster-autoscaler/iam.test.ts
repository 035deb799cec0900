import { strict as assert } from "node:assert";
import { clusterAutoscalerPolicy } from "./iam";

describe("cluster autoscaler IAM policy", () => {
    const policy = clusterAutoscalerPolicy("signal-trading-prod");
    const mutating = (action: string) => !/^[a-z0-9]+:(Describe|Get|List)/.test(action);

    it("scales and terminates only Auto Scaling groups tagged as owned by this cluster", () => {
        const scaling = policy.Statement.filter((s) => [s.Action].flat().some(mutating));
        assert.deepEqual(scaling, [{
            Sid: "ScaleOnlyThisClustersNodeGroups",
            Effect: "Allow",
            Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/signal-trading-prod": "owned" } },
        }]);
    });

    it("reads without conditions only, and no wildcard action", () => {
        const [discover] = policy.Statement;
        assert.equal(discover.Condition, undefined);
        assert.ok([discover.Action].flat().every((a) => !mutating(a)), "the unconditioned statement changes something");
        for (const statement of policy.Statement) {
            assert.equal(statement.Effect, "Allow");
            assert.ok([statement.Action].flat().every((a) => !a.includes("*")), `${statement.Sid} has a wildcard action`);
        }
        assert.ok([discover.Action].flat().includes("eks:DescribeNodegroup"), "cannot scale an empty managed node group up from zero");
    });

    it("names the cluster in the tag condition", () => {
        assert.deepEqual(Object.keys(clusterAutoscalerPolicy("dev").Statement[1].Condition!.StringEquals), ["aws:ResourceTag/k8s.io/cluster-autoscaler/dev"]);
    });
});
