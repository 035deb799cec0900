import { strict as assert } from "node:assert";
import { NON_PUBLIC_IPV4, toPublicAddresses, toPublicHttps } from "./traffic";

/** The 32-bit value of a dotted IPv4 address. */
const value = (address: string) => address.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
const inRange = (address: string, cidr: string) => {
    const [base, bits] = cidr.split("/");
    const size = 2 ** (32 - Number(bits));
    return Math.floor(value(address) / size) === Math.floor(value(base) / size);
};
const excluded = (address: string, rule = toPublicHttps("x")) => {
    const peer = rule.peers[0] as { cidr: string; except: string[] };
    return peer.except.some((cidr) => inRange(address, cidr));
};

describe("public egress", () => {
    it("keeps the instance metadata service, loopback, CGNAT pod ranges, private networks and multicast out", () => {
        for (const address of ["169.254.169.254", "169.254.170.2", "127.0.0.1", "0.0.0.0", "100.64.0.10", "100.127.255.1", "10.40.0.12", "172.20.0.10", "192.168.1.1", "224.0.0.251", "255.255.255.255", "198.18.0.1"]) {
            assert.ok(excluded(address), `${address} must not count as public`);
        }
    });

    it("still reaches public addresses (AWS APIs, ACME, Slack)", () => {
        for (const address of ["52.94.133.131", "172.65.32.248", "3.5.140.2", "100.128.0.1", "169.255.0.1", "8.8.8.8"]) assert.ok(!excluded(address), `${address} is public`);
    });

    it("lists every exception inside 0.0.0.0/0 as a canonical CIDR, as NetworkPolicy requires", () => {
        for (const cidr of NON_PUBLIC_IPV4) {
            const [base, bits] = cidr.split("/");
            assert.equal(value(base) % 2 ** (32 - Number(bits)), 0, `${cidr} has host bits set`);
        }
    });

    it("opens exactly the ports the caller names", () => {
        assert.deepEqual(toPublicHttps("acme").ports, [443]);
        assert.deepEqual(toPublicAddresses("dns", [{ port: 53, protocol: "UDP" }], { app: "x" }), {
            name: "dns", pods: { app: "x" }, peers: [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }], ports: [{ port: 53, protocol: "UDP" }],
        });
    });

    it("refuses a public rule without ports, which would open every port", () => {
        assert.throws(() => toPublicAddresses("anything", []), /egress rule anything: name the ports/);
    });
});
