// Required options, checked once commander has refused unknown ones: it checks them first, so `load-audit x --ap shop`
// said only "required option '--app <name>' not specified", and the typo that caused it ("unknown option '--ap'
// (Did you mean --app?)") came only once that was put right.
import type { Command } from 'commander';

/** Each command's required options (requiredOption) checked before its action, after its unknown options and arguments. */
export function checkRequiredLast(program: Command): void {
  for (const cmd of program.commands) {
    const required = cmd.options.filter((o) => o.mandatory);
    if (required.length === 0) continue;
    for (const o of required) o.makeOptionMandatory(false);
    cmd.hook('preAction', () => {
      // commander's own words and code for it.
      const missing = required.find((o) => cmd.getOptionValue(o.attributeName()) === undefined);
      if (missing) cmd.error(`error: required option '${missing.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
    });
  }
}
