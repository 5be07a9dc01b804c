/** The command line's help texts, one a command, each with examples. */

export const LIST_HELP = `intercom-users: stream Intercom users to stdout (NDJSON, JSON, CSV or a table)

Usage
  intercom-users [list] [options]
  intercom-users contacts [options]      stream contacts (API 2.x: users and leads; intercom-users help contacts)
  intercom-users simulate [options]      run a local Intercom simulator (intercom-users help simulate)
  intercom-users help [list|contacts|simulate]

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

Following changes (like tail -f)
  --follow                 every change to a user (created or updated) as it comes, endlessly: each
                           version once, in updated_at order (List Users by updated_at, newest first)
  --since WHEN             where to start: a date (2026-11-01), a Unix time, or back from now (7d, 12h)
  --checkpoint FILE        save the watermark after each whole line (atomically) and resume from it;
                           without --follow, an NDJSON export resumes: List Users from the last page
                           written, --scroll and --all from the start, skipping the users written
                           (their ids are kept in FILE.ids)
  --every SECONDS          between two polls (default 60)

Output
  -f, --format FORMAT      ndjson (default, a user a line) | json (one array) | csv (RFC 4180) | table
  --fields LIST            comma-separated fields, nested by dotted path (location_data.city_name);
                           csv and table default to id,user_id,email,name,created_at; with ndjson
                           and json, only these keys are written
  --limit N                stop after N users (sends no request beyond those needed)
  --no-progress            no progress bar on stderr (there is none unless stderr is a terminal
                           and the users go to a pipe or a file)

Connection
  --base-url URL           default $INTERCOM_BASE_URL or https://api.intercom.io
  --token-file PATH        read the access token from a file (default $INTERCOM_ACCESS_TOKEN)
  --token TOKEN            the token itself; warns: other users of the machine can see it in ps
  --concurrency auto|N     pages in flight at once (default auto: as many as help, up to 32, while
                           the rate-limit window has room; fewer as it runs low; --limit still
                           sends no extra request)
  --rate-share S           the share of each rate-limit window to spend, more than 0 and at most 1
                           (default 1; 0.5 leaves half to the app's other integrations)
  --max-retries N          retries of a failed request (429, 5xx, network, timeout), default 4
  --timeout SECONDS        one request's timeout, body included (default 30, at most 2147483)
  --api-version 1.x        Intercom-Version of every request, 1.0 to 1.4 (default 1.4: List Users
                           exists only on 1.x; apps created since 2020 default to 2.x)
  --version                print the version
  -h, --help               this help

Ctrl-C (or SIGTERM) stops cleanly: requests in flight are aborted, only whole records are
written (a JSON array is closed), the count written goes to stderr, and the exit code is 130.

Exit codes
  0 success   2 invalid usage or parameters (nothing sent)   3 unauthorized
  4 other HTTP or network failure   5 protocol failure (bad body, unsafe next URL, loop, body too large)
  6 whole records written but users left out (stopped at the cap: use --all) or a value cut
  7 the --checkpoint does not fit (another request or output, output cut short, in use): nothing written
  8 the output could not be written (a full disk)
  130 interrupted by Ctrl-C or SIGTERM

Examples
  INTERCOM_ACCESS_TOKEN=... intercom-users > users.ndjson
  intercom-users --email test@test.com --token-file ~/.intercom-token
  intercom-users --order asc --sort updated_at --limit 100 | jq .email
  intercom-users --all --format csv --fields id,email,location_data.city_name > users.csv
  intercom-users --limit 20 --format table
`

export const SIMULATE_HELP = `intercom-users simulate: run an Intercom-compatible simulator on 127.0.0.1

Usage
  intercom-users simulate [options]

Options
  --users N            seeded users of List Users, API 1.x (default 1000)
  --contacts N         seeded contacts of the Contacts API, 2.x (default 1000)
  --seed S             seed of the users and the token (default 1)
  --now UNIX_SECONDS   the clock of the users' timestamps (default now): the same seed and clock give
                       the same users on any machine
  --port P             port (default 0: any free port)
  --latency MS         delay before every answer (default 0)
  --rate-limit N       requests allowed per window, with X-RateLimit-* headers (default 1,666: Intercom's 10,000 a minute)
  --window SECONDS     the rate-limit window (default 10, Intercom's)
  --faults LIST        fault rates from 0 to 1, by name: rateLimited, serverError, resetBeforeBody,
                       resetMidBody, stall, malformed, truncated, missingHeaders (every API request),
                       lostResponse, restartError (the Scroll API)
  --fault-seed S       seed of the faults, so a failing run can be replayed (default 1)
  --token TOKEN        the token it accepts (default derived from the seed)
  --app-api-version V  the version a request without Intercom-Version gets (default 2.14, where
                       /users answers 400 intercom_version_invalid, as for any app since 2020)
  -h, --help           this help

It prints its URL and a token (its own, not a secret), then serves until Ctrl-C.

Examples
  intercom-users simulate --users 5000 &
  INTERCOM_ACCESS_TOKEN=<token> intercom-users --base-url <url> --limit 10

  # Intercom's private-app limit (1,666 a 10 s window), 100 ms latency, some 429 storms and 5xx
  intercom-users simulate --users 20000 --latency 100 --rate-limit 1666 --window 10 \\
    --faults rateLimited=0.02,serverError=0.01 --fault-seed 7
`

export const CONTACTS_HELP = `intercom-users contacts: stream Intercom contacts (API 2.x: users and leads) to stdout

Usage
  intercom-users contacts [options]

Every request says Intercom-Version 2.14: on 1.x, /contacts is the Leads resource. Without
--query, every contact is exported at once: ranges of whole days of created_at over the search,
read many at a time within the rate limit, in created_at order. --sequential (or --per-page)
reads GET /contacts by its cursor instead, one page after the other.

Which contacts
  --role user|lead         only users or only leads (default both)
  --query JSON             a search (POST /contacts/search), checked before anything is sent:
                           {"field":"email","operator":"$","value":"@example.com"}, or a group
                           {"operator":"AND","value":[...]}; at most 2 levels of groups and 15 filters
                           a group; dates take = < > only and match by calendar day in the
                           workspace's time zone
  --query-file PATH        the same query, read from a file
  --sort FIELD[:asc|desc]  the order of a search's results (default the API's)
  --per-page N             contacts per page of the sequential listing or a search, 1 to 150 (default 150)
  --sequential             read GET /contacts by its cursor, one page after the other
  --limit N                stop after N contacts

Following changes (like tail -f)
  --follow                 every change to a contact (created or updated), as it comes, endlessly:
                           each version once, in updated_at order
  --since WHEN             where to start: a date (2026-11-01), a Unix time, or back from now (7d, 12h)
  --checkpoint FILE        save the watermark after each whole line (atomically), and resume from it:
                           a restart loses and repeats nothing (also without --follow: an NDJSON
                           export, parallel or --sequential, resumes after its last page written;
                           with stdout appended to a file (>>), lines written after the last save
                           are cut and written again)
  --every SECONDS          between two polls (default 60)
  --lag SECONDS            how old a change must be before it is written (default 300: search lags
                           behind writes by minutes)
  --reconcile SECONDS      with --follow: every SECONDS, walk every contact id and write
                           {"type":"contact.deleted","id":...} once for each contact gone since the
                           follow started (deleted, or a lead merged into a user)

The export (no --query) sorts by created_at, which never changes: each contact is in exactly one
range. Search lags behind writes by minutes: follow an export with --follow --since its start minus
5 minutes to get what it could not see yet. A --query of your own over a sort key that changes
during the walk can skip a contact; its results are written once each (deduplicated by id).

Output and connection: as for users (intercom-users help): --format, --fields (csv and table
default to id,role,email,name,created_at), --no-progress, --base-url, --token-file, --token,
--max-retries, --timeout, --rate-share. Ctrl-C, signals and exit codes are the same; an invalid --query exits 2
with its path and the reason.

Examples
  intercom-users contacts > contacts.ndjson
  intercom-users contacts --checkpoint export.json >> contacts.ndjson
  intercom-users contacts --role lead --format csv > leads.csv
  intercom-users contacts --query '{"field":"created_at","operator":">","value":1735689600}' --sort created_at:desc --limit 100
  intercom-users contacts --follow --since 7d --checkpoint sync.json >> changes.ndjson
`
