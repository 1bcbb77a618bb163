import { CALL_SCENARIOS } from '../scenarios/call-scenario.interface.js';

/** The `calling-sim --help` text. */
export const USAGE = `calling-sim: the Teams calling platform on 127.0.0.1, playing a call against your bot.

Usage
  calling-sim --target <webhook URL> --bot "<command>" [--scenario <name>[,<name>...]]
      Starts the platform, starts the bot with the platform's configuration in its
      environment (PORT from --target), plays the scenarios, stops the bot.
  calling-sim --port <n> --print-env
      Prints the configuration of a bot you start yourself (ports n, n+1, n+2; the
      authority's certificate and signing key are kept in --state-dir).
  calling-sim --port <n> --target <webhook URL> [--scenario ...]
      Plays against that bot, already running with that configuration.

Options
  -t, --target <url>      the bot's webhook, e.g. http://127.0.0.1:3000/api/calls
  -s, --scenario <names>  ${CALL_SCENARIOS.join(', ')} (default incoming-call)
      --bot <command>     start the bot with this shell command (e.g. "node dist/main.js")
      --bot-env K=V       extra environment for the bot (repeatable)
  -p, --port <n>          fixed ports: OpenID n, Graph n+1, authority (https) n+2
      --state-dir <dir>   where fixed-port runs keep certificate and keys (default .calling-sim)
      --print-env         print the bot's configuration and exit (needs --port)
      --tenant <id>       the caller's tenant (region-redirect: one routed elsewhere)
      --partition <id>    partition-redirect: another instance's partition id
      --app-id <id>       the bot's App ID (default 00000000-0000-0000-0000-0000000000b0)
      --timeout <ms>      how long the bot has to answer (default 15000)
      --hold <ms>         full-call: wait for the bot's prompt, then its hang-up (default 3000)
      --wait <ms>         wait this long for the target to come up (default 0)
      --json              print one JSON report instead of text
  -v, --verbose           print the bot's output (with --bot)

Exit status: 0 the bot behaved; 1 it did not (a check failed); 2 bad usage; 3 the platform
or the bot could not start.`;
