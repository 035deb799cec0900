import { strict as assert } from "node:assert";
import { fluentBitPolicy } from "./iam";

const GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/signal-trading/prod/containers/kube-system";

describe("fluentBitPolicy", () => {
    it("creates streams and puts events in exactly the given groups, and creates no group", () => {
        assert.deepEqual(fluentBitPolicy([GROUP, `${GROUP.replace("kube-system", "unlisted")}:*`]), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CreateStreamsInTheLogGroups", Effect: "Allow", Action: "logs:CreateLogStream",
                    Resource: [GROUP, `${GROUP}:*`, GROUP.replace("kube-system", "unlisted"), `${GROUP.replace("kube-system", "unlisted")}:*`],
                },
                {
                    Sid: "PutEventsInTheLogGroups", Effect: "Allow", Action: "logs:PutLogEvents",
                    Resource: [`${GROUP}:log-stream:*`, `${GROUP.replace("kube-system", "unlisted")}:log-stream:*`],
                },
            ],
        });
    });

    it("refuses to grant on no group, which would leave a role that ships nothing", () => {
        assert.throws(() => fluentBitPolicy([]), /no log groups/);
    });
});
