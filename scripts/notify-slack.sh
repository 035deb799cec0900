#!/usr/bin/env bash
# Posts the result of a deploy or drift check to Slack through an incoming webhook: stack,
# commit, result and the link to the run; a failed prod deploy says how to roll back, a drift
# report carries the preview's diff (cut to fit a message).
#
# usage: scripts/notify-slack.sh deploy|drift <stack> <success|failure|cancelled> [diff file]
# env:   SLACK_WEBHOOK_URL (a secret; nothing is sent without it), COMMIT, RUN_URL
set -euo pipefail

kind=${1:?usage: scripts/notify-slack.sh deploy|drift <stack> <result> [diff file]}
stack=${2:?stack missing}
result=${3:?result missing}
diff_file=${4:-}
commit=${COMMIT:?COMMIT is not set}
run_url=${RUN_URL:?RUN_URL is not set}

if [ -z "${SLACK_WEBHOOK_URL:-}" ]; then
  echo "notify: the SLACK_WEBHOOK_URL secret is not set; no message sent" >&2
  exit 0
fi

case "$kind/$result" in
  deploy/success) text="Deploy of *$stack* succeeded: commit \`${commit:0:12}\`. <$run_url|Run>" ;;
  deploy/*) text="Deploy of *$stack* ended with *$result*: commit \`${commit:0:12}\`. <$run_url|Run>" ;;
  drift/success) text="No drift in *$stack* at commit \`${commit:0:12}\`. <$run_url|Run>" ;;
  drift/*) text="Drift in *$stack*: the live resources differ from commit \`${commit:0:12}\` of main (or the check failed). <$run_url|Run>" ;;
  *) echo "notify: unknown kind $kind" >&2; exit 2 ;;
esac
if [ "$kind/$stack" = deploy/prod ] && [ "$result" = failure ]; then
  text+=$'\n'"To roll back: Actions → deploy → Run workflow on main with *commit* = the last commit whose prod deploy succeeded. Each Helm release is atomic: a chart upgrade that did not become ready has already rolled itself back; see docs/delivery.md."
fi
if [ -n "$diff_file" ] && [ -s "$diff_file" ]; then
  # Slack cuts a message at 40,000 characters; the end of the preview holds the summary.
  text+=$'\n```\n'"$(tail -c 3500 "$diff_file")"$'\n```'
fi

jq --null-input --arg text "$text" '{text: $text}' |
  curl --fail --silent --show-error --max-time 20 --header 'Content-Type: application/json' --data @- "$SLACK_WEBHOOK_URL" >/dev/null
