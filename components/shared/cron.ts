// The cron logic lives in the policy pack, which may import nothing outside policy-pack/; the program shares it from there.
export * from "../../policy-pack/lib/cron";
