/** The command line's help texts. */

export const LIST_HELP = `intercom-users: stream Intercom users as NDJSON (one user a line) on stdout

Usage
  intercom-users [list] [options]
  intercom-users simulate [options]      run a local Intercom simulator (see simulate --help)

Filters (Intercom's List Users parameters)
  --email EMAIL            only users with this email
  --phone PHONE            only users with this phone
  --sort FIELD             created_at | last_request_at | signed_up_at | updated_at
  --order asc|desc         default desc
  --created-since DAYS     users created in the last DAYS days
  --page N                 start at page N (default 1)
  --per-page N             users per page, 1 to 60 (default 50)

Past 10,000 users (Intercom's cap on page iteration)
  --all                    every user: List Users while the total fits under the cap, the Scroll API beyond
  --scroll                 every user over the Scroll API (takes no filters)

Output and connection
  --limit N                stop after N users (sends no request beyond those needed)
  --base-url URL           default $INTERCOM_BASE_URL or https://api.intercom.io
  --token-file PATH        read the access token from a file (default $INTERCOM_ACCESS_TOKEN)
  --concurrency N          pages in flight at once (default 8; --limit still sends no extra request)
  --max-retries N          retries of a failed request (429, 5xx, network, timeout), default 4
  --timeout SECONDS        one request's timeout, body included (default 30)
  --no-progress            no progress line on stderr
  --version                print the version
  -h, --help               this help

Exit codes
  0 success   2 invalid usage or parameters (nothing sent)   3 unauthorized
  4 other HTTP or network failure   5 protocol failure (bad body, unsafe next URL, loop, body too large)

Examples
  INTERCOM_ACCESS_TOKEN=... intercom-users > users.ndjson
  intercom-users --email test@test.com --token-file ~/.intercom-token
  intercom-users --order asc --sort updated_at --limit 100 | jq .email
`

export const SIMULATE_HELP = `intercom-users simulate: run an Intercom-compatible simulator on 127.0.0.1

Usage
  intercom-users simulate [--users N] [--port P] [--latency MS] [--seed S]

Options
  --users N       seeded users (default 1000)
  --port P        port (default 0: any free port)
  --latency MS    delay before every answer (default 0)
  --seed S        seed of the users and the token (default 1)

It prints its URL and a token, then serves until Ctrl-C. Example:
  intercom-users simulate --users 5000 &
  INTERCOM_ACCESS_TOKEN=<token> intercom-users --base-url <url> --limit 10
`
