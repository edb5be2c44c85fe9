#!/usr/bin/env node
import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  EXPORTERS,
  EXPORTER_DESCRIPTIONS,
  IN_FLIGHT_LIMIT,
  IdentityRequests,
  REFUSED_AFTER_AUTHORIZATION,
  ReportFileError,
  UNAUDITED_TEXT,
  appName,
  bindingsToRolesText,
  checkStdinUse,
  csvChunks,
  groupText,
  keptRulesText,
  mergedAllowWarnings,
  observedYaml,
  oncePerMessage,
  rbacForIdentities,
  rbacFromLogs,
  readDistinctReports,
  readReportFile,
  readStdinReport,
  refText,
  refuseOutputOverInputs,
  refuseStdinTwice,
  refuseStdoutAsDir,
  refusedText,
  renderCsv,
  renderMarkdown,
  reportIdentity,
  reportJsonChunks,
  roleUsageText,
  ruleText,
  unauditedRulesText,
  unknownText,
  unservedText,
  withoutResponseText,
  writeChunks,
  writeReportFiles
} from "./chunk-BCMRIDXS.js";
import {
  fullYoungGenerationForWorkers,
  limitOldGenerationGrowthNow
} from "./chunk-6RDKPJNH.js";
import {
  VERSION,
  analyzeLogs,
  conformance,
  conformanceWord,
  laterSpecs,
  noReleaseText,
  primarySpec,
  releaseFix,
  releaseMisfitText,
  specReleaseWarnings
} from "./chunk-K3FCDBPE.js";
import "./chunk-UMDFYM2V.js";
import {
  InputError,
  STDIN_NAME,
  defaultJobs,
  earlierOperations,
  loadDeprecations,
  loadIneligible,
  shownName,
  specReleaseMisfit
} from "./chunk-MGW7ATYX.js";
import "./chunk-MJIIZJVB.js";
import {
  isLoopback
} from "./chunk-LNOX462X.js";
import "./chunk-Y6XTGB7K.js";
import {
  terminalLine,
  terminalText
} from "./chunk-DFFE3E7Q.js";
import {
  Store,
  defaultDbPath,
  loadAuditCommand,
  namedDb,
  sqliteModule,
  storeWhenLoaded,
  walBusyWarning
} from "./chunk-36MNQQ2N.js";
import {
  DEFAULT_MAX_RESOURCE_NAMES,
  identityOf,
  identityText,
  keptUnaudited,
  mergeReports,
  rulesCount,
  withKept
} from "./chunk-ZOHRZ7ZL.js";
import {
  clip,
  plural,
  violationsByUrgency
} from "./chunk-KXHPS7ST.js";
import {
  MANY_OPEN,
  apiGroups,
  invalidListedText,
  makeDir,
  noneAsEmpty,
  nothingJudged,
  parseFailOn,
  runFailureHeadline
} from "./chunk-SCAZIKRH.js";
import {
  globMatcher,
  isNamespaceName,
  leftOutText,
  missingFinalStages,
  pathShape,
  reportPasses,
  reportTitle,
  serviceAccountUser,
  specWarnings,
  uncheckedUnsaid,
  violationLine
} from "./chunk-QJAYF2D5.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-IP4P774H.js";

// node_modules/commander/lib/error.js
var require_error = __commonJS({
  "node_modules/commander/lib/error.js"(exports) {
    var CommanderError2 = class extends Error {
      /**
       * Constructs the CommanderError class
       * @param {number} exitCode suggested exit code which could be used with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       */
      constructor(exitCode, code, message) {
        super(message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
        this.code = code;
        this.exitCode = exitCode;
        this.nestedError = void 0;
      }
    };
    var InvalidArgumentError2 = class extends CommanderError2 {
      /**
       * Constructs the InvalidArgumentError class
       * @param {string} [message] explanation of why argument is invalid
       */
      constructor(message) {
        super(1, "commander.invalidArgument", message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
      }
    };
    exports.CommanderError = CommanderError2;
    exports.InvalidArgumentError = InvalidArgumentError2;
  }
});

// node_modules/commander/lib/argument.js
var require_argument = __commonJS({
  "node_modules/commander/lib/argument.js"(exports) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Argument2 = class {
      /**
       * Initialize a new command argument with the given name and description.
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @param {string} name
       * @param {string} [description]
       */
      constructor(name, description) {
        this.description = description || "";
        this.variadic = false;
        this.parseArg = void 0;
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.argChoices = void 0;
        switch (name[0]) {
          case "<":
            this.required = true;
            this._name = name.slice(1, -1);
            break;
          case "[":
            this.required = false;
            this._name = name.slice(1, -1);
            break;
          default:
            this.required = true;
            this._name = name;
            break;
        }
        if (this._name.endsWith("...")) {
          this.variadic = true;
          this._name = this._name.slice(0, -3);
        }
      }
      /**
       * Return argument name.
       *
       * @return {string}
       */
      name() {
        return this._name;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Argument}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Set the custom handler for processing CLI command arguments into argument values.
       *
       * @param {Function} [fn]
       * @return {Argument}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Only allow argument value to be one of choices.
       *
       * @param {string[]} values
       * @return {Argument}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Make argument required.
       *
       * @returns {Argument}
       */
      argRequired() {
        this.required = true;
        return this;
      }
      /**
       * Make argument optional.
       *
       * @returns {Argument}
       */
      argOptional() {
        this.required = false;
        return this;
      }
    };
    function humanReadableArgName(arg) {
      const nameOutput = arg.name() + (arg.variadic === true ? "..." : "");
      return arg.required ? "<" + nameOutput + ">" : "[" + nameOutput + "]";
    }
    exports.Argument = Argument2;
    exports.humanReadableArgName = humanReadableArgName;
  }
});

// node_modules/commander/lib/help.js
var require_help = __commonJS({
  "node_modules/commander/lib/help.js"(exports) {
    var { humanReadableArgName } = require_argument();
    var Help2 = class {
      constructor() {
        this.helpWidth = void 0;
        this.minWidthToWrap = 40;
        this.sortSubcommands = false;
        this.sortOptions = false;
        this.showGlobalOptions = false;
      }
      /**
       * prepareContext is called by Commander after applying overrides from `Command.configureHelp()`
       * and just before calling `formatHelp()`.
       *
       * Commander just uses the helpWidth and the rest is provided for optional use by more complex subclasses.
       *
       * @param {{ error?: boolean, helpWidth?: number, outputHasColors?: boolean }} contextOptions
       */
      prepareContext(contextOptions) {
        this.helpWidth = this.helpWidth ?? contextOptions.helpWidth ?? 80;
      }
      /**
       * Get an array of the visible subcommands. Includes a placeholder for the implicit help command, if there is one.
       *
       * @param {Command} cmd
       * @returns {Command[]}
       */
      visibleCommands(cmd) {
        const visibleCommands = cmd.commands.filter((cmd2) => !cmd2._hidden);
        const helpCommand = cmd._getHelpCommand();
        if (helpCommand && !helpCommand._hidden) {
          visibleCommands.push(helpCommand);
        }
        if (this.sortSubcommands) {
          visibleCommands.sort((a, b) => {
            return a.name().localeCompare(b.name());
          });
        }
        return visibleCommands;
      }
      /**
       * Compare options for sort.
       *
       * @param {Option} a
       * @param {Option} b
       * @returns {number}
       */
      compareOptions(a, b) {
        const getSortKey = (option) => {
          return option.short ? option.short.replace(/^-/, "") : option.long.replace(/^--/, "");
        };
        return getSortKey(a).localeCompare(getSortKey(b));
      }
      /**
       * Get an array of the visible options. Includes a placeholder for the implicit help option, if there is one.
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleOptions(cmd) {
        const visibleOptions = cmd.options.filter((option) => !option.hidden);
        const helpOption = cmd._getHelpOption();
        if (helpOption && !helpOption.hidden) {
          const removeShort = helpOption.short && cmd._findOption(helpOption.short);
          const removeLong = helpOption.long && cmd._findOption(helpOption.long);
          if (!removeShort && !removeLong) {
            visibleOptions.push(helpOption);
          } else if (helpOption.long && !removeLong) {
            visibleOptions.push(
              cmd.createOption(helpOption.long, helpOption.description)
            );
          } else if (helpOption.short && !removeShort) {
            visibleOptions.push(
              cmd.createOption(helpOption.short, helpOption.description)
            );
          }
        }
        if (this.sortOptions) {
          visibleOptions.sort(this.compareOptions);
        }
        return visibleOptions;
      }
      /**
       * Get an array of the visible global options. (Not including help.)
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleGlobalOptions(cmd) {
        if (!this.showGlobalOptions) return [];
        const globalOptions = [];
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          const visibleOptions = ancestorCmd.options.filter(
            (option) => !option.hidden
          );
          globalOptions.push(...visibleOptions);
        }
        if (this.sortOptions) {
          globalOptions.sort(this.compareOptions);
        }
        return globalOptions;
      }
      /**
       * Get an array of the arguments if any have a description.
       *
       * @param {Command} cmd
       * @returns {Argument[]}
       */
      visibleArguments(cmd) {
        if (cmd._argsDescription) {
          cmd.registeredArguments.forEach((argument) => {
            argument.description = argument.description || cmd._argsDescription[argument.name()] || "";
          });
        }
        if (cmd.registeredArguments.find((argument) => argument.description)) {
          return cmd.registeredArguments;
        }
        return [];
      }
      /**
       * Get the command term to show in the list of subcommands.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandTerm(cmd) {
        const args = cmd.registeredArguments.map((arg) => humanReadableArgName(arg)).join(" ");
        return cmd._name + (cmd._aliases[0] ? "|" + cmd._aliases[0] : "") + (cmd.options.length ? " [options]" : "") + // simplistic check for non-help option
        (args ? " " + args : "");
      }
      /**
       * Get the option term to show in the list of options.
       *
       * @param {Option} option
       * @returns {string}
       */
      optionTerm(option) {
        return option.flags;
      }
      /**
       * Get the argument term to show in the list of arguments.
       *
       * @param {Argument} argument
       * @returns {string}
       */
      argumentTerm(argument) {
        return argument.name();
      }
      /**
       * Get the longest command term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestSubcommandTermLength(cmd, helper) {
        return helper.visibleCommands(cmd).reduce((max, command) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleSubcommandTerm(helper.subcommandTerm(command))
            )
          );
        }, 0);
      }
      /**
       * Get the longest option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestOptionTermLength(cmd, helper) {
        return helper.visibleOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest global option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestGlobalOptionTermLength(cmd, helper) {
        return helper.visibleGlobalOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest argument term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestArgumentTermLength(cmd, helper) {
        return helper.visibleArguments(cmd).reduce((max, argument) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleArgumentTerm(helper.argumentTerm(argument))
            )
          );
        }, 0);
      }
      /**
       * Get the command usage to be displayed at the top of the built-in help.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandUsage(cmd) {
        let cmdName = cmd._name;
        if (cmd._aliases[0]) {
          cmdName = cmdName + "|" + cmd._aliases[0];
        }
        let ancestorCmdNames = "";
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          ancestorCmdNames = ancestorCmd.name() + " " + ancestorCmdNames;
        }
        return ancestorCmdNames + cmdName + " " + cmd.usage();
      }
      /**
       * Get the description for the command.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandDescription(cmd) {
        return cmd.description();
      }
      /**
       * Get the subcommand summary to show in the list of subcommands.
       * (Fallback to description for backwards compatibility.)
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandDescription(cmd) {
        return cmd.summary() || cmd.description();
      }
      /**
       * Get the option description to show in the list of options.
       *
       * @param {Option} option
       * @return {string}
       */
      optionDescription(option) {
        const extraInfo = [];
        if (option.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${option.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (option.defaultValue !== void 0) {
          const showDefault = option.required || option.optional || option.isBoolean() && typeof option.defaultValue === "boolean";
          if (showDefault) {
            extraInfo.push(
              `default: ${option.defaultValueDescription || JSON.stringify(option.defaultValue)}`
            );
          }
        }
        if (option.presetArg !== void 0 && option.optional) {
          extraInfo.push(`preset: ${JSON.stringify(option.presetArg)}`);
        }
        if (option.envVar !== void 0) {
          extraInfo.push(`env: ${option.envVar}`);
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (option.description) {
            return `${option.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return option.description;
      }
      /**
       * Get the argument description to show in the list of arguments.
       *
       * @param {Argument} argument
       * @return {string}
       */
      argumentDescription(argument) {
        const extraInfo = [];
        if (argument.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${argument.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (argument.defaultValue !== void 0) {
          extraInfo.push(
            `default: ${argument.defaultValueDescription || JSON.stringify(argument.defaultValue)}`
          );
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (argument.description) {
            return `${argument.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return argument.description;
      }
      /**
       * Format a list of items, given a heading and an array of formatted items.
       *
       * @param {string} heading
       * @param {string[]} items
       * @param {Help} helper
       * @returns string[]
       */
      formatItemList(heading, items, helper) {
        if (items.length === 0) return [];
        return [helper.styleTitle(heading), ...items, ""];
      }
      /**
       * Group items by their help group heading.
       *
       * @param {Command[] | Option[]} unsortedItems
       * @param {Command[] | Option[]} visibleItems
       * @param {Function} getGroup
       * @returns {Map<string, Command[] | Option[]>}
       */
      groupItems(unsortedItems, visibleItems, getGroup) {
        const result = /* @__PURE__ */ new Map();
        unsortedItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) result.set(group, []);
        });
        visibleItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) {
            result.set(group, []);
          }
          result.get(group).push(item);
        });
        return result;
      }
      /**
       * Generate the built-in help text.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {string}
       */
      formatHelp(cmd, helper) {
        const termWidth = helper.padWidth(cmd, helper);
        const helpWidth = helper.helpWidth ?? 80;
        function callFormatItem(term, description) {
          return helper.formatItem(term, termWidth, description, helper);
        }
        let output = [
          `${helper.styleTitle("Usage:")} ${helper.styleUsage(helper.commandUsage(cmd))}`,
          ""
        ];
        const commandDescription = helper.commandDescription(cmd);
        if (commandDescription.length > 0) {
          output = output.concat([
            helper.boxWrap(
              helper.styleCommandDescription(commandDescription),
              helpWidth
            ),
            ""
          ]);
        }
        const argumentList = helper.visibleArguments(cmd).map((argument) => {
          return callFormatItem(
            helper.styleArgumentTerm(helper.argumentTerm(argument)),
            helper.styleArgumentDescription(helper.argumentDescription(argument))
          );
        });
        output = output.concat(
          this.formatItemList("Arguments:", argumentList, helper)
        );
        const optionGroups = this.groupItems(
          cmd.options,
          helper.visibleOptions(cmd),
          (option) => option.helpGroupHeading ?? "Options:"
        );
        optionGroups.forEach((options, group) => {
          const optionList = options.map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(this.formatItemList(group, optionList, helper));
        });
        if (helper.showGlobalOptions) {
          const globalOptionList = helper.visibleGlobalOptions(cmd).map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(
            this.formatItemList("Global Options:", globalOptionList, helper)
          );
        }
        const commandGroups = this.groupItems(
          cmd.commands,
          helper.visibleCommands(cmd),
          (sub) => sub.helpGroup() || "Commands:"
        );
        commandGroups.forEach((commands, group) => {
          const commandList = commands.map((sub) => {
            return callFormatItem(
              helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
              helper.styleSubcommandDescription(helper.subcommandDescription(sub))
            );
          });
          output = output.concat(this.formatItemList(group, commandList, helper));
        });
        return output.join("\n");
      }
      /**
       * Return display width of string, ignoring ANSI escape sequences. Used in padding and wrapping calculations.
       *
       * @param {string} str
       * @returns {number}
       */
      displayWidth(str) {
        return stripColor(str).length;
      }
      /**
       * Style the title for displaying in the help. Called with 'Usage:', 'Options:', etc.
       *
       * @param {string} str
       * @returns {string}
       */
      styleTitle(str) {
        return str;
      }
      styleUsage(str) {
        return str.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word === "[command]") return this.styleSubcommandText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleCommandText(word);
        }).join(" ");
      }
      styleCommandDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleOptionDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleSubcommandDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleArgumentDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleDescriptionText(str) {
        return str;
      }
      styleOptionTerm(str) {
        return this.styleOptionText(str);
      }
      styleSubcommandTerm(str) {
        return str.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleSubcommandText(word);
        }).join(" ");
      }
      styleArgumentTerm(str) {
        return this.styleArgumentText(str);
      }
      styleOptionText(str) {
        return str;
      }
      styleArgumentText(str) {
        return str;
      }
      styleSubcommandText(str) {
        return str;
      }
      styleCommandText(str) {
        return str;
      }
      /**
       * Calculate the pad width from the maximum term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      padWidth(cmd, helper) {
        return Math.max(
          helper.longestOptionTermLength(cmd, helper),
          helper.longestGlobalOptionTermLength(cmd, helper),
          helper.longestSubcommandTermLength(cmd, helper),
          helper.longestArgumentTermLength(cmd, helper)
        );
      }
      /**
       * Detect manually wrapped and indented strings by checking for line break followed by whitespace.
       *
       * @param {string} str
       * @returns {boolean}
       */
      preformatted(str) {
        return /\n[^\S\r\n]/.test(str);
      }
      /**
       * Format the "item", which consists of a term and description. Pad the term and wrap the description, indenting the following lines.
       *
       * So "TTT", 5, "DDD DDDD DD DDD" might be formatted for this.helpWidth=17 like so:
       *   TTT  DDD DDDD
       *        DD DDD
       *
       * @param {string} term
       * @param {number} termWidth
       * @param {string} description
       * @param {Help} helper
       * @returns {string}
       */
      formatItem(term, termWidth, description, helper) {
        const itemIndent = 2;
        const itemIndentStr = " ".repeat(itemIndent);
        if (!description) return itemIndentStr + term;
        const paddedTerm = term.padEnd(
          termWidth + term.length - helper.displayWidth(term)
        );
        const spacerWidth = 2;
        const helpWidth = this.helpWidth ?? 80;
        const remainingWidth = helpWidth - termWidth - spacerWidth - itemIndent;
        let formattedDescription;
        if (remainingWidth < this.minWidthToWrap || helper.preformatted(description)) {
          formattedDescription = description;
        } else {
          const wrappedDescription = helper.boxWrap(description, remainingWidth);
          formattedDescription = wrappedDescription.replace(
            /\n/g,
            "\n" + " ".repeat(termWidth + spacerWidth)
          );
        }
        return itemIndentStr + paddedTerm + " ".repeat(spacerWidth) + formattedDescription.replace(/\n/g, `
${itemIndentStr}`);
      }
      /**
       * Wrap a string at whitespace, preserving existing line breaks.
       * Wrapping is skipped if the width is less than `minWidthToWrap`.
       *
       * @param {string} str
       * @param {number} width
       * @returns {string}
       */
      boxWrap(str, width) {
        if (width < this.minWidthToWrap) return str;
        const rawLines = str.split(/\r\n|\n/);
        const chunkPattern = /[\s]*[^\s]+/g;
        const wrappedLines = [];
        rawLines.forEach((line) => {
          const chunks = line.match(chunkPattern);
          if (chunks === null) {
            wrappedLines.push("");
            return;
          }
          let sumChunks = [chunks.shift()];
          let sumWidth = this.displayWidth(sumChunks[0]);
          chunks.forEach((chunk) => {
            const visibleWidth = this.displayWidth(chunk);
            if (sumWidth + visibleWidth <= width) {
              sumChunks.push(chunk);
              sumWidth += visibleWidth;
              return;
            }
            wrappedLines.push(sumChunks.join(""));
            const nextChunk = chunk.trimStart();
            sumChunks = [nextChunk];
            sumWidth = this.displayWidth(nextChunk);
          });
          wrappedLines.push(sumChunks.join(""));
        });
        return wrappedLines.join("\n");
      }
    };
    function stripColor(str) {
      const sgrPattern = /\x1b\[\d*(;\d*)*m/g;
      return str.replace(sgrPattern, "");
    }
    exports.Help = Help2;
    exports.stripColor = stripColor;
  }
});

// node_modules/commander/lib/option.js
var require_option = __commonJS({
  "node_modules/commander/lib/option.js"(exports) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Option2 = class {
      /**
       * Initialize a new `Option` with the given `flags` and `description`.
       *
       * @param {string} flags
       * @param {string} [description]
       */
      constructor(flags, description) {
        this.flags = flags;
        this.description = description || "";
        this.required = flags.includes("<");
        this.optional = flags.includes("[");
        this.variadic = /\w\.\.\.[>\]]$/.test(flags);
        this.mandatory = false;
        const optionFlags = splitOptionFlags(flags);
        this.short = optionFlags.shortFlag;
        this.long = optionFlags.longFlag;
        this.negate = false;
        if (this.long) {
          this.negate = this.long.startsWith("--no-");
        }
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.presetArg = void 0;
        this.envVar = void 0;
        this.parseArg = void 0;
        this.hidden = false;
        this.argChoices = void 0;
        this.conflictsWith = [];
        this.implied = void 0;
        this.helpGroupHeading = void 0;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Option}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Preset to use when option used without option-argument, especially optional but also boolean and negated.
       * The custom processing (parseArg) is called.
       *
       * @example
       * new Option('--color').default('GREYSCALE').preset('RGB');
       * new Option('--donate [amount]').preset('20').argParser(parseFloat);
       *
       * @param {*} arg
       * @return {Option}
       */
      preset(arg) {
        this.presetArg = arg;
        return this;
      }
      /**
       * Add option name(s) that conflict with this option.
       * An error will be displayed if conflicting options are found during parsing.
       *
       * @example
       * new Option('--rgb').conflicts('cmyk');
       * new Option('--js').conflicts(['ts', 'jsx']);
       *
       * @param {(string | string[])} names
       * @return {Option}
       */
      conflicts(names) {
        this.conflictsWith = this.conflictsWith.concat(names);
        return this;
      }
      /**
       * Specify implied option values for when this option is set and the implied options are not.
       *
       * The custom processing (parseArg) is not called on the implied values.
       *
       * @example
       * program
       *   .addOption(new Option('--log', 'write logging information to file'))
       *   .addOption(new Option('--trace', 'log extra details').implies({ log: 'trace.txt' }));
       *
       * @param {object} impliedOptionValues
       * @return {Option}
       */
      implies(impliedOptionValues) {
        let newImplied = impliedOptionValues;
        if (typeof impliedOptionValues === "string") {
          newImplied = { [impliedOptionValues]: true };
        }
        this.implied = Object.assign(this.implied || {}, newImplied);
        return this;
      }
      /**
       * Set environment variable to check for option value.
       *
       * An environment variable is only used if when processed the current option value is
       * undefined, or the source of the current value is 'default' or 'config' or 'env'.
       *
       * @param {string} name
       * @return {Option}
       */
      env(name) {
        this.envVar = name;
        return this;
      }
      /**
       * Set the custom handler for processing CLI option arguments into option values.
       *
       * @param {Function} [fn]
       * @return {Option}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Whether the option is mandatory and must have a value after parsing.
       *
       * @param {boolean} [mandatory=true]
       * @return {Option}
       */
      makeOptionMandatory(mandatory = true) {
        this.mandatory = !!mandatory;
        return this;
      }
      /**
       * Hide option in help.
       *
       * @param {boolean} [hide=true]
       * @return {Option}
       */
      hideHelp(hide = true) {
        this.hidden = !!hide;
        return this;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Only allow option value to be one of choices.
       *
       * @param {string[]} values
       * @return {Option}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Return option name.
       *
       * @return {string}
       */
      name() {
        if (this.long) {
          return this.long.replace(/^--/, "");
        }
        return this.short.replace(/^-/, "");
      }
      /**
       * Return option name, in a camelcase format that can be used
       * as an object attribute key.
       *
       * @return {string}
       */
      attributeName() {
        if (this.negate) {
          return camelcase(this.name().replace(/^no-/, ""));
        }
        return camelcase(this.name());
      }
      /**
       * Set the help group heading.
       *
       * @param {string} heading
       * @return {Option}
       */
      helpGroup(heading) {
        this.helpGroupHeading = heading;
        return this;
      }
      /**
       * Check if `arg` matches the short or long flag.
       *
       * @param {string} arg
       * @return {boolean}
       * @package
       */
      is(arg) {
        return this.short === arg || this.long === arg;
      }
      /**
       * Return whether a boolean option.
       *
       * Options are one of boolean, negated, required argument, or optional argument.
       *
       * @return {boolean}
       * @package
       */
      isBoolean() {
        return !this.required && !this.optional && !this.negate;
      }
    };
    var DualOptions = class {
      /**
       * @param {Option[]} options
       */
      constructor(options) {
        this.positiveOptions = /* @__PURE__ */ new Map();
        this.negativeOptions = /* @__PURE__ */ new Map();
        this.dualOptions = /* @__PURE__ */ new Set();
        options.forEach((option) => {
          if (option.negate) {
            this.negativeOptions.set(option.attributeName(), option);
          } else {
            this.positiveOptions.set(option.attributeName(), option);
          }
        });
        this.negativeOptions.forEach((value, key) => {
          if (this.positiveOptions.has(key)) {
            this.dualOptions.add(key);
          }
        });
      }
      /**
       * Did the value come from the option, and not from possible matching dual option?
       *
       * @param {*} value
       * @param {Option} option
       * @returns {boolean}
       */
      valueFromOption(value, option) {
        const optionKey = option.attributeName();
        if (!this.dualOptions.has(optionKey)) return true;
        const preset = this.negativeOptions.get(optionKey).presetArg;
        const negativeValue = preset !== void 0 ? preset : false;
        return option.negate === (negativeValue === value);
      }
    };
    function camelcase(str) {
      return str.split("-").reduce((str2, word) => {
        return str2 + word[0].toUpperCase() + word.slice(1);
      });
    }
    function splitOptionFlags(flags) {
      let shortFlag;
      let longFlag;
      const shortFlagExp = /^-[^-]$/;
      const longFlagExp = /^--[^-]/;
      const flagParts = flags.split(/[ |,]+/).concat("guard");
      if (shortFlagExp.test(flagParts[0])) shortFlag = flagParts.shift();
      if (longFlagExp.test(flagParts[0])) longFlag = flagParts.shift();
      if (!shortFlag && shortFlagExp.test(flagParts[0]))
        shortFlag = flagParts.shift();
      if (!shortFlag && longFlagExp.test(flagParts[0])) {
        shortFlag = longFlag;
        longFlag = flagParts.shift();
      }
      if (flagParts[0].startsWith("-")) {
        const unsupportedFlag = flagParts[0];
        const baseError = `option creation failed due to '${unsupportedFlag}' in option flags '${flags}'`;
        if (/^-[^-][^-]/.test(unsupportedFlag))
          throw new Error(
            `${baseError}
- a short flag is a single dash and a single character
  - either use a single dash and a single character (for a short flag)
  - or use a double dash for a long option (and can have two, like '--ws, --workspace')`
          );
        if (shortFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many short flags`);
        if (longFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many long flags`);
        throw new Error(`${baseError}
- unrecognised flag format`);
      }
      if (shortFlag === void 0 && longFlag === void 0)
        throw new Error(
          `option creation failed due to no flags found in '${flags}'.`
        );
      return { shortFlag, longFlag };
    }
    exports.Option = Option2;
    exports.DualOptions = DualOptions;
  }
});

// node_modules/commander/lib/suggestSimilar.js
var require_suggestSimilar = __commonJS({
  "node_modules/commander/lib/suggestSimilar.js"(exports) {
    var maxDistance = 3;
    function editDistance(a, b) {
      if (Math.abs(a.length - b.length) > maxDistance)
        return Math.max(a.length, b.length);
      const d = [];
      for (let i = 0; i <= a.length; i++) {
        d[i] = [i];
      }
      for (let j = 0; j <= b.length; j++) {
        d[0][j] = j;
      }
      for (let j = 1; j <= b.length; j++) {
        for (let i = 1; i <= a.length; i++) {
          let cost = 1;
          if (a[i - 1] === b[j - 1]) {
            cost = 0;
          } else {
            cost = 1;
          }
          d[i][j] = Math.min(
            d[i - 1][j] + 1,
            // deletion
            d[i][j - 1] + 1,
            // insertion
            d[i - 1][j - 1] + cost
            // substitution
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
          }
        }
      }
      return d[a.length][b.length];
    }
    function suggestSimilar(word, candidates) {
      if (!candidates || candidates.length === 0) return "";
      candidates = Array.from(new Set(candidates));
      const searchingOptions = word.startsWith("--");
      if (searchingOptions) {
        word = word.slice(2);
        candidates = candidates.map((candidate) => candidate.slice(2));
      }
      let similar = [];
      let bestDistance = maxDistance;
      const minSimilarity = 0.4;
      candidates.forEach((candidate) => {
        if (candidate.length <= 1) return;
        const distance = editDistance(word, candidate);
        const length = Math.max(word.length, candidate.length);
        const similarity = (length - distance) / length;
        if (similarity > minSimilarity) {
          if (distance < bestDistance) {
            bestDistance = distance;
            similar = [candidate];
          } else if (distance === bestDistance) {
            similar.push(candidate);
          }
        }
      });
      similar.sort((a, b) => a.localeCompare(b));
      if (searchingOptions) {
        similar = similar.map((candidate) => `--${candidate}`);
      }
      if (similar.length > 1) {
        return `
(Did you mean one of ${similar.join(", ")}?)`;
      }
      if (similar.length === 1) {
        return `
(Did you mean ${similar[0]}?)`;
      }
      return "";
    }
    exports.suggestSimilar = suggestSimilar;
  }
});

// node_modules/commander/lib/command.js
var require_command = __commonJS({
  "node_modules/commander/lib/command.js"(exports) {
    var EventEmitter = __require("node:events").EventEmitter;
    var childProcess = __require("node:child_process");
    var path3 = __require("node:path");
    var fs = __require("node:fs");
    var process2 = __require("node:process");
    var { Argument: Argument2, humanReadableArgName } = require_argument();
    var { CommanderError: CommanderError2 } = require_error();
    var { Help: Help2, stripColor } = require_help();
    var { Option: Option2, DualOptions } = require_option();
    var { suggestSimilar } = require_suggestSimilar();
    var Command2 = class _Command extends EventEmitter {
      /**
       * Initialize a new `Command`.
       *
       * @param {string} [name]
       */
      constructor(name) {
        super();
        this.commands = [];
        this.options = [];
        this.parent = null;
        this._allowUnknownOption = false;
        this._allowExcessArguments = false;
        this.registeredArguments = [];
        this._args = this.registeredArguments;
        this.args = [];
        this.rawArgs = [];
        this.processedArgs = [];
        this._scriptPath = null;
        this._name = name || "";
        this._optionValues = {};
        this._optionValueSources = {};
        this._storeOptionsAsProperties = false;
        this._actionHandler = null;
        this._executableHandler = false;
        this._executableFile = null;
        this._executableDir = null;
        this._defaultCommandName = null;
        this._exitCallback = null;
        this._aliases = [];
        this._combineFlagAndOptionalValue = true;
        this._description = "";
        this._summary = "";
        this._argsDescription = void 0;
        this._enablePositionalOptions = false;
        this._passThroughOptions = false;
        this._lifeCycleHooks = {};
        this._showHelpAfterError = false;
        this._showSuggestionAfterError = true;
        this._savedState = null;
        this._outputConfiguration = {
          writeOut: (str) => process2.stdout.write(str),
          writeErr: (str) => process2.stderr.write(str),
          outputError: (str, write) => write(str),
          getOutHelpWidth: () => process2.stdout.isTTY ? process2.stdout.columns : void 0,
          getErrHelpWidth: () => process2.stderr.isTTY ? process2.stderr.columns : void 0,
          getOutHasColors: () => useColor() ?? (process2.stdout.isTTY && process2.stdout.hasColors?.()),
          getErrHasColors: () => useColor() ?? (process2.stderr.isTTY && process2.stderr.hasColors?.()),
          stripColor: (str) => stripColor(str)
        };
        this._hidden = false;
        this._helpOption = void 0;
        this._addImplicitHelpCommand = void 0;
        this._helpCommand = void 0;
        this._helpConfiguration = {};
        this._helpGroupHeading = void 0;
        this._defaultCommandGroup = void 0;
        this._defaultOptionGroup = void 0;
      }
      /**
       * Copy settings that are useful to have in common across root command and subcommands.
       *
       * (Used internally when adding a command using `.command()` so subcommands inherit parent settings.)
       *
       * @param {Command} sourceCommand
       * @return {Command} `this` command for chaining
       */
      copyInheritedSettings(sourceCommand) {
        this._outputConfiguration = sourceCommand._outputConfiguration;
        this._helpOption = sourceCommand._helpOption;
        this._helpCommand = sourceCommand._helpCommand;
        this._helpConfiguration = sourceCommand._helpConfiguration;
        this._exitCallback = sourceCommand._exitCallback;
        this._storeOptionsAsProperties = sourceCommand._storeOptionsAsProperties;
        this._combineFlagAndOptionalValue = sourceCommand._combineFlagAndOptionalValue;
        this._allowExcessArguments = sourceCommand._allowExcessArguments;
        this._enablePositionalOptions = sourceCommand._enablePositionalOptions;
        this._showHelpAfterError = sourceCommand._showHelpAfterError;
        this._showSuggestionAfterError = sourceCommand._showSuggestionAfterError;
        return this;
      }
      /**
       * @returns {Command[]}
       * @private
       */
      _getCommandAndAncestors() {
        const result = [];
        for (let command = this; command; command = command.parent) {
          result.push(command);
        }
        return result;
      }
      /**
       * Define a command.
       *
       * There are two styles of command: pay attention to where to put the description.
       *
       * @example
       * // Command implemented using action handler (description is supplied separately to `.command`)
       * program
       *   .command('clone <source> [destination]')
       *   .description('clone a repository into a newly created directory')
       *   .action((source, destination) => {
       *     console.log('clone command called');
       *   });
       *
       * // Command implemented using separate executable file (description is second parameter to `.command`)
       * program
       *   .command('start <service>', 'start named service')
       *   .command('stop [service]', 'stop named service, or all if no name supplied');
       *
       * @param {string} nameAndArgs - command name and arguments, args are `<required>` or `[optional]` and last may also be `variadic...`
       * @param {(object | string)} [actionOptsOrExecDesc] - configuration options (for action), or description (for executable)
       * @param {object} [execOpts] - configuration options (for executable)
       * @return {Command} returns new command for action handler, or `this` for executable command
       */
      command(nameAndArgs, actionOptsOrExecDesc, execOpts) {
        let desc = actionOptsOrExecDesc;
        let opts = execOpts;
        if (typeof desc === "object" && desc !== null) {
          opts = desc;
          desc = null;
        }
        opts = opts || {};
        const [, name, args] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const cmd = this.createCommand(name);
        if (desc) {
          cmd.description(desc);
          cmd._executableHandler = true;
        }
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        cmd._hidden = !!(opts.noHelp || opts.hidden);
        cmd._executableFile = opts.executableFile || null;
        if (args) cmd.arguments(args);
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd.copyInheritedSettings(this);
        if (desc) return this;
        return cmd;
      }
      /**
       * Factory routine to create a new unattached command.
       *
       * See .command() for creating an attached subcommand, which uses this routine to
       * create the command. You can override createCommand to customise subcommands.
       *
       * @param {string} [name]
       * @return {Command} new command
       */
      createCommand(name) {
        return new _Command(name);
      }
      /**
       * You can customise the help with a subclass of Help by overriding createHelp,
       * or by overriding Help properties using configureHelp().
       *
       * @return {Help}
       */
      createHelp() {
        return Object.assign(new Help2(), this.configureHelp());
      }
      /**
       * You can customise the help by overriding Help properties using configureHelp(),
       * or with a subclass of Help by overriding createHelp().
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureHelp(configuration) {
        if (configuration === void 0) return this._helpConfiguration;
        this._helpConfiguration = configuration;
        return this;
      }
      /**
       * The default output goes to stdout and stderr. You can customise this for special
       * applications. You can also customise the display of errors by overriding outputError.
       *
       * The configuration properties are all functions:
       *
       *     // change how output being written, defaults to stdout and stderr
       *     writeOut(str)
       *     writeErr(str)
       *     // change how output being written for errors, defaults to writeErr
       *     outputError(str, write) // used for displaying errors and not used for displaying help
       *     // specify width for wrapping help
       *     getOutHelpWidth()
       *     getErrHelpWidth()
       *     // color support, currently only used with Help
       *     getOutHasColors()
       *     getErrHasColors()
       *     stripColor() // used to remove ANSI escape codes if output does not have colors
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureOutput(configuration) {
        if (configuration === void 0) return this._outputConfiguration;
        this._outputConfiguration = {
          ...this._outputConfiguration,
          ...configuration
        };
        return this;
      }
      /**
       * Display the help or a custom message after an error occurs.
       *
       * @param {(boolean|string)} [displayHelp]
       * @return {Command} `this` command for chaining
       */
      showHelpAfterError(displayHelp = true) {
        if (typeof displayHelp !== "string") displayHelp = !!displayHelp;
        this._showHelpAfterError = displayHelp;
        return this;
      }
      /**
       * Display suggestion of similar commands for unknown commands, or options for unknown options.
       *
       * @param {boolean} [displaySuggestion]
       * @return {Command} `this` command for chaining
       */
      showSuggestionAfterError(displaySuggestion = true) {
        this._showSuggestionAfterError = !!displaySuggestion;
        return this;
      }
      /**
       * Add a prepared subcommand.
       *
       * See .command() for creating an attached subcommand which inherits settings from its parent.
       *
       * @param {Command} cmd - new subcommand
       * @param {object} [opts] - configuration options
       * @return {Command} `this` command for chaining
       */
      addCommand(cmd, opts) {
        if (!cmd._name) {
          throw new Error(`Command passed to .addCommand() must have a name
- specify the name in Command constructor or using .name()`);
        }
        opts = opts || {};
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        if (opts.noHelp || opts.hidden) cmd._hidden = true;
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd._checkForBrokenPassThrough();
        return this;
      }
      /**
       * Factory routine to create a new unattached argument.
       *
       * See .argument() for creating an attached argument, which uses this routine to
       * create the argument. You can override createArgument to return a custom argument.
       *
       * @param {string} name
       * @param {string} [description]
       * @return {Argument} new argument
       */
      createArgument(name, description) {
        return new Argument2(name, description);
      }
      /**
       * Define argument syntax for command.
       *
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @example
       * program.argument('<input-file>');
       * program.argument('[output-file]');
       *
       * @param {string} name
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom argument processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      argument(name, description, parseArg, defaultValue) {
        const argument = this.createArgument(name, description);
        if (typeof parseArg === "function") {
          argument.default(defaultValue).argParser(parseArg);
        } else {
          argument.default(parseArg);
        }
        this.addArgument(argument);
        return this;
      }
      /**
       * Define argument syntax for command, adding multiple at once (without descriptions).
       *
       * See also .argument().
       *
       * @example
       * program.arguments('<cmd> [env]');
       *
       * @param {string} names
       * @return {Command} `this` command for chaining
       */
      arguments(names) {
        names.trim().split(/ +/).forEach((detail) => {
          this.argument(detail);
        });
        return this;
      }
      /**
       * Define argument syntax for command, adding a prepared argument.
       *
       * @param {Argument} argument
       * @return {Command} `this` command for chaining
       */
      addArgument(argument) {
        const previousArgument = this.registeredArguments.slice(-1)[0];
        if (previousArgument?.variadic) {
          throw new Error(
            `only the last argument can be variadic '${previousArgument.name()}'`
          );
        }
        if (argument.required && argument.defaultValue !== void 0 && argument.parseArg === void 0) {
          throw new Error(
            `a default value for a required argument is never used: '${argument.name()}'`
          );
        }
        this.registeredArguments.push(argument);
        return this;
      }
      /**
       * Customise or override default help command. By default a help command is automatically added if your command has subcommands.
       *
       * @example
       *    program.helpCommand('help [cmd]');
       *    program.helpCommand('help [cmd]', 'show help');
       *    program.helpCommand(false); // suppress default help command
       *    program.helpCommand(true); // add help command even if no subcommands
       *
       * @param {string|boolean} enableOrNameAndArgs - enable with custom name and/or arguments, or boolean to override whether added
       * @param {string} [description] - custom description
       * @return {Command} `this` command for chaining
       */
      helpCommand(enableOrNameAndArgs, description) {
        if (typeof enableOrNameAndArgs === "boolean") {
          this._addImplicitHelpCommand = enableOrNameAndArgs;
          if (enableOrNameAndArgs && this._defaultCommandGroup) {
            this._initCommandGroup(this._getHelpCommand());
          }
          return this;
        }
        const nameAndArgs = enableOrNameAndArgs ?? "help [command]";
        const [, helpName, helpArgs] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const helpDescription = description ?? "display help for command";
        const helpCommand = this.createCommand(helpName);
        helpCommand.helpOption(false);
        if (helpArgs) helpCommand.arguments(helpArgs);
        if (helpDescription) helpCommand.description(helpDescription);
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        if (enableOrNameAndArgs || description) this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Add prepared custom help command.
       *
       * @param {(Command|string|boolean)} helpCommand - custom help command, or deprecated enableOrNameAndArgs as for `.helpCommand()`
       * @param {string} [deprecatedDescription] - deprecated custom description used with custom name only
       * @return {Command} `this` command for chaining
       */
      addHelpCommand(helpCommand, deprecatedDescription) {
        if (typeof helpCommand !== "object") {
          this.helpCommand(helpCommand, deprecatedDescription);
          return this;
        }
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Lazy create help command.
       *
       * @return {(Command|null)}
       * @package
       */
      _getHelpCommand() {
        const hasImplicitHelpCommand = this._addImplicitHelpCommand ?? (this.commands.length && !this._actionHandler && !this._findCommand("help"));
        if (hasImplicitHelpCommand) {
          if (this._helpCommand === void 0) {
            this.helpCommand(void 0, void 0);
          }
          return this._helpCommand;
        }
        return null;
      }
      /**
       * Add hook for life cycle event.
       *
       * @param {string} event
       * @param {Function} listener
       * @return {Command} `this` command for chaining
       */
      hook(event, listener) {
        const allowedValues = ["preSubcommand", "preAction", "postAction"];
        if (!allowedValues.includes(event)) {
          throw new Error(`Unexpected value for event passed to hook : '${event}'.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        if (this._lifeCycleHooks[event]) {
          this._lifeCycleHooks[event].push(listener);
        } else {
          this._lifeCycleHooks[event] = [listener];
        }
        return this;
      }
      /**
       * Register callback to use as replacement for calling process.exit.
       *
       * @param {Function} [fn] optional callback which will be passed a CommanderError, defaults to throwing
       * @return {Command} `this` command for chaining
       */
      exitOverride(fn) {
        if (fn) {
          this._exitCallback = fn;
        } else {
          this._exitCallback = (err) => {
            if (err.code !== "commander.executeSubCommandAsync") {
              throw err;
            } else {
            }
          };
        }
        return this;
      }
      /**
       * Call process.exit, and _exitCallback if defined.
       *
       * @param {number} exitCode exit code for using with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       * @return never
       * @private
       */
      _exit(exitCode, code, message) {
        if (this._exitCallback) {
          this._exitCallback(new CommanderError2(exitCode, code, message));
        }
        process2.exit(exitCode);
      }
      /**
       * Register callback `fn` for the command.
       *
       * @example
       * program
       *   .command('serve')
       *   .description('start service')
       *   .action(function() {
       *      // do work here
       *   });
       *
       * @param {Function} fn
       * @return {Command} `this` command for chaining
       */
      action(fn) {
        const listener = (args) => {
          const expectedArgsCount = this.registeredArguments.length;
          const actionArgs = args.slice(0, expectedArgsCount);
          if (this._storeOptionsAsProperties) {
            actionArgs[expectedArgsCount] = this;
          } else {
            actionArgs[expectedArgsCount] = this.opts();
          }
          actionArgs.push(this);
          return fn.apply(this, actionArgs);
        };
        this._actionHandler = listener;
        return this;
      }
      /**
       * Factory routine to create a new unattached option.
       *
       * See .option() for creating an attached option, which uses this routine to
       * create the option. You can override createOption to return a custom option.
       *
       * @param {string} flags
       * @param {string} [description]
       * @return {Option} new option
       */
      createOption(flags, description) {
        return new Option2(flags, description);
      }
      /**
       * Wrap parseArgs to catch 'commander.invalidArgument'.
       *
       * @param {(Option | Argument)} target
       * @param {string} value
       * @param {*} previous
       * @param {string} invalidArgumentMessage
       * @private
       */
      _callParseArg(target, value, previous, invalidArgumentMessage) {
        try {
          return target.parseArg(value, previous);
        } catch (err) {
          if (err.code === "commander.invalidArgument") {
            const message = `${invalidArgumentMessage} ${err.message}`;
            this.error(message, { exitCode: err.exitCode, code: err.code });
          }
          throw err;
        }
      }
      /**
       * Check for option flag conflicts.
       * Register option if no conflicts found, or throw on conflict.
       *
       * @param {Option} option
       * @private
       */
      _registerOption(option) {
        const matchingOption = option.short && this._findOption(option.short) || option.long && this._findOption(option.long);
        if (matchingOption) {
          const matchingFlag = option.long && this._findOption(option.long) ? option.long : option.short;
          throw new Error(`Cannot add option '${option.flags}'${this._name && ` to command '${this._name}'`} due to conflicting flag '${matchingFlag}'
-  already used by option '${matchingOption.flags}'`);
        }
        this._initOptionGroup(option);
        this.options.push(option);
      }
      /**
       * Check for command name and alias conflicts with existing commands.
       * Register command if no conflicts found, or throw on conflict.
       *
       * @param {Command} command
       * @private
       */
      _registerCommand(command) {
        const knownBy = (cmd) => {
          return [cmd.name()].concat(cmd.aliases());
        };
        const alreadyUsed = knownBy(command).find(
          (name) => this._findCommand(name)
        );
        if (alreadyUsed) {
          const existingCmd = knownBy(this._findCommand(alreadyUsed)).join("|");
          const newCmd = knownBy(command).join("|");
          throw new Error(
            `cannot add command '${newCmd}' as already have command '${existingCmd}'`
          );
        }
        this._initCommandGroup(command);
        this.commands.push(command);
      }
      /**
       * Add an option.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addOption(option) {
        this._registerOption(option);
        const oname = option.name();
        const name = option.attributeName();
        if (option.negate) {
          const positiveLongFlag = option.long.replace(/^--no-/, "--");
          if (!this._findOption(positiveLongFlag)) {
            this.setOptionValueWithSource(
              name,
              option.defaultValue === void 0 ? true : option.defaultValue,
              "default"
            );
          }
        } else if (option.defaultValue !== void 0) {
          this.setOptionValueWithSource(name, option.defaultValue, "default");
        }
        const handleOptionValue = (val, invalidValueMessage, valueSource) => {
          if (val == null && option.presetArg !== void 0) {
            val = option.presetArg;
          }
          const oldValue = this.getOptionValue(name);
          if (val !== null && option.parseArg) {
            val = this._callParseArg(option, val, oldValue, invalidValueMessage);
          } else if (val !== null && option.variadic) {
            val = option._collectValue(val, oldValue);
          }
          if (val == null) {
            if (option.negate) {
              val = false;
            } else if (option.isBoolean() || option.optional) {
              val = true;
            } else {
              val = "";
            }
          }
          this.setOptionValueWithSource(name, val, valueSource);
        };
        this.on("option:" + oname, (val) => {
          const invalidValueMessage = `error: option '${option.flags}' argument '${val}' is invalid.`;
          handleOptionValue(val, invalidValueMessage, "cli");
        });
        if (option.envVar) {
          this.on("optionEnv:" + oname, (val) => {
            const invalidValueMessage = `error: option '${option.flags}' value '${val}' from env '${option.envVar}' is invalid.`;
            handleOptionValue(val, invalidValueMessage, "env");
          });
        }
        return this;
      }
      /**
       * Internal implementation shared by .option() and .requiredOption()
       *
       * @return {Command} `this` command for chaining
       * @private
       */
      _optionEx(config, flags, description, fn, defaultValue) {
        if (typeof flags === "object" && flags instanceof Option2) {
          throw new Error(
            "To add an Option object use addOption() instead of option() or requiredOption()"
          );
        }
        const option = this.createOption(flags, description);
        option.makeOptionMandatory(!!config.mandatory);
        if (typeof fn === "function") {
          option.default(defaultValue).argParser(fn);
        } else if (fn instanceof RegExp) {
          const regex = fn;
          fn = (val, def) => {
            const m = regex.exec(val);
            return m ? m[0] : def;
          };
          option.default(defaultValue).argParser(fn);
        } else {
          option.default(fn);
        }
        return this.addOption(option);
      }
      /**
       * Define option with `flags`, `description`, and optional argument parsing function or `defaultValue` or both.
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space. A required
       * option-argument is indicated by `<>` and an optional option-argument by `[]`.
       *
       * See the README for more details, and see also addOption() and requiredOption().
       *
       * @example
       * program
       *     .option('-p, --pepper', 'add pepper')
       *     .option('--pt, --pizza-type <TYPE>', 'type of pizza') // required option-argument
       *     .option('-c, --cheese [CHEESE]', 'add extra cheese', 'mozzarella') // optional option-argument with default
       *     .option('-t, --tip <VALUE>', 'add tip to purchase cost', parseFloat) // custom parse function
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      option(flags, description, parseArg, defaultValue) {
        return this._optionEx({}, flags, description, parseArg, defaultValue);
      }
      /**
       * Add a required option which must have a value after parsing. This usually means
       * the option must be specified on the command line. (Otherwise the same as .option().)
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space.
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      requiredOption(flags, description, parseArg, defaultValue) {
        return this._optionEx(
          { mandatory: true },
          flags,
          description,
          parseArg,
          defaultValue
        );
      }
      /**
       * Alter parsing of short flags with optional values.
       *
       * @example
       * // for `.option('-f,--flag [value]'):
       * program.combineFlagAndOptionalValue(true);  // `-f80` is treated like `--flag=80`, this is the default behaviour
       * program.combineFlagAndOptionalValue(false) // `-fb` is treated like `-f -b`
       *
       * @param {boolean} [combine] - if `true` or omitted, an optional value can be specified directly after the flag.
       * @return {Command} `this` command for chaining
       */
      combineFlagAndOptionalValue(combine = true) {
        this._combineFlagAndOptionalValue = !!combine;
        return this;
      }
      /**
       * Allow unknown options on the command line.
       *
       * @param {boolean} [allowUnknown] - if `true` or omitted, no error will be thrown for unknown options.
       * @return {Command} `this` command for chaining
       */
      allowUnknownOption(allowUnknown = true) {
        this._allowUnknownOption = !!allowUnknown;
        return this;
      }
      /**
       * Allow excess command-arguments on the command line. Pass false to make excess arguments an error.
       *
       * @param {boolean} [allowExcess] - if `true` or omitted, no error will be thrown for excess arguments.
       * @return {Command} `this` command for chaining
       */
      allowExcessArguments(allowExcess = true) {
        this._allowExcessArguments = !!allowExcess;
        return this;
      }
      /**
       * Enable positional options. Positional means global options are specified before subcommands which lets
       * subcommands reuse the same option names, and also enables subcommands to turn on passThroughOptions.
       * The default behaviour is non-positional and global options may appear anywhere on the command line.
       *
       * @param {boolean} [positional]
       * @return {Command} `this` command for chaining
       */
      enablePositionalOptions(positional = true) {
        this._enablePositionalOptions = !!positional;
        return this;
      }
      /**
       * Pass through options that come after command-arguments rather than treat them as command-options,
       * so actual command-options come before command-arguments. Turning this on for a subcommand requires
       * positional options to have been enabled on the program (parent commands).
       * The default behaviour is non-positional and options may appear before or after command-arguments.
       *
       * @param {boolean} [passThrough] for unknown options.
       * @return {Command} `this` command for chaining
       */
      passThroughOptions(passThrough = true) {
        this._passThroughOptions = !!passThrough;
        this._checkForBrokenPassThrough();
        return this;
      }
      /**
       * @private
       */
      _checkForBrokenPassThrough() {
        if (this.parent && this._passThroughOptions && !this.parent._enablePositionalOptions) {
          throw new Error(
            `passThroughOptions cannot be used for '${this._name}' without turning on enablePositionalOptions for parent command(s)`
          );
        }
      }
      /**
       * Whether to store option values as properties on command object,
       * or store separately (specify false). In both cases the option values can be accessed using .opts().
       *
       * @param {boolean} [storeAsProperties=true]
       * @return {Command} `this` command for chaining
       */
      storeOptionsAsProperties(storeAsProperties = true) {
        if (this.options.length) {
          throw new Error("call .storeOptionsAsProperties() before adding options");
        }
        if (Object.keys(this._optionValues).length) {
          throw new Error(
            "call .storeOptionsAsProperties() before setting option values"
          );
        }
        this._storeOptionsAsProperties = !!storeAsProperties;
        return this;
      }
      /**
       * Retrieve option value.
       *
       * @param {string} key
       * @return {object} value
       */
      getOptionValue(key) {
        if (this._storeOptionsAsProperties) {
          return this[key];
        }
        return this._optionValues[key];
      }
      /**
       * Store option value.
       *
       * @param {string} key
       * @param {object} value
       * @return {Command} `this` command for chaining
       */
      setOptionValue(key, value) {
        return this.setOptionValueWithSource(key, value, void 0);
      }
      /**
       * Store option value and where the value came from.
       *
       * @param {string} key
       * @param {object} value
       * @param {string} source - expected values are default/config/env/cli/implied
       * @return {Command} `this` command for chaining
       */
      setOptionValueWithSource(key, value, source) {
        if (this._storeOptionsAsProperties) {
          this[key] = value;
        } else {
          this._optionValues[key] = value;
        }
        this._optionValueSources[key] = source;
        return this;
      }
      /**
       * Get source of option value.
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSource(key) {
        return this._optionValueSources[key];
      }
      /**
       * Get source of option value. See also .optsWithGlobals().
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSourceWithGlobals(key) {
        let source;
        this._getCommandAndAncestors().forEach((cmd) => {
          if (cmd.getOptionValueSource(key) !== void 0) {
            source = cmd.getOptionValueSource(key);
          }
        });
        return source;
      }
      /**
       * Get user arguments from implied or explicit arguments.
       * Side-effects: set _scriptPath if args included script. Used for default program name, and subcommand searches.
       *
       * @private
       */
      _prepareUserArgs(argv, parseOptions) {
        if (argv !== void 0 && !Array.isArray(argv)) {
          throw new Error("first parameter to parse must be array or undefined");
        }
        parseOptions = parseOptions || {};
        if (argv === void 0 && parseOptions.from === void 0) {
          if (process2.versions?.electron) {
            parseOptions.from = "electron";
          }
          const execArgv = process2.execArgv ?? [];
          if (execArgv.includes("-e") || execArgv.includes("--eval") || execArgv.includes("-p") || execArgv.includes("--print")) {
            parseOptions.from = "eval";
          }
        }
        if (argv === void 0) {
          argv = process2.argv;
        }
        this.rawArgs = argv.slice();
        let userArgs;
        switch (parseOptions.from) {
          case void 0:
          case "node":
            this._scriptPath = argv[1];
            userArgs = argv.slice(2);
            break;
          case "electron":
            if (process2.defaultApp) {
              this._scriptPath = argv[1];
              userArgs = argv.slice(2);
            } else {
              userArgs = argv.slice(1);
            }
            break;
          case "user":
            userArgs = argv.slice(0);
            break;
          case "eval":
            userArgs = argv.slice(1);
            break;
          default:
            throw new Error(
              `unexpected parse option { from: '${parseOptions.from}' }`
            );
        }
        if (!this._name && this._scriptPath)
          this.nameFromFilename(this._scriptPath);
        this._name = this._name || "program";
        return userArgs;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Use parseAsync instead of parse if any of your action handlers are async.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * program.parse(); // parse process.argv and auto-detect electron and special node flags
       * program.parse(process.argv); // assume argv[0] is app and argv[1] is script
       * program.parse(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv] - optional, defaults to process.argv
       * @param {object} [parseOptions] - optionally specify style of options with from: node/user/electron
       * @param {string} [parseOptions.from] - where the args are from: 'node', 'user', 'electron'
       * @return {Command} `this` command for chaining
       */
      parse(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        this._parseCommand([], userArgs);
        return this;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * await program.parseAsync(); // parse process.argv and auto-detect electron and special node flags
       * await program.parseAsync(process.argv); // assume argv[0] is app and argv[1] is script
       * await program.parseAsync(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv]
       * @param {object} [parseOptions]
       * @param {string} parseOptions.from - where the args are from: 'node', 'user', 'electron'
       * @return {Promise}
       */
      async parseAsync(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        await this._parseCommand([], userArgs);
        return this;
      }
      _prepareForParse() {
        if (this._savedState === null) {
          this.saveStateBeforeParse();
        } else {
          this.restoreStateBeforeParse();
        }
      }
      /**
       * Called the first time parse is called to save state and allow a restore before subsequent calls to parse.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state saved.
       */
      saveStateBeforeParse() {
        this._savedState = {
          // name is stable if supplied by author, but may be unspecified for root command and deduced during parsing
          _name: this._name,
          // option values before parse have default values (including false for negated options)
          // shallow clones
          _optionValues: { ...this._optionValues },
          _optionValueSources: { ...this._optionValueSources }
        };
      }
      /**
       * Restore state before parse for calls after the first.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state restored.
       */
      restoreStateBeforeParse() {
        if (this._storeOptionsAsProperties)
          throw new Error(`Can not call parse again when storeOptionsAsProperties is true.
- either make a new Command for each call to parse, or stop storing options as properties`);
        this._name = this._savedState._name;
        this._scriptPath = null;
        this.rawArgs = [];
        this._optionValues = { ...this._savedState._optionValues };
        this._optionValueSources = { ...this._savedState._optionValueSources };
        this.args = [];
        this.processedArgs = [];
      }
      /**
       * Throw if expected executable is missing. Add lots of help for author.
       *
       * @param {string} executableFile
       * @param {string} executableDir
       * @param {string} subcommandName
       */
      _checkForMissingExecutable(executableFile, executableDir, subcommandName) {
        if (fs.existsSync(executableFile)) return;
        const executableDirMessage = executableDir ? `searched for local subcommand relative to directory '${executableDir}'` : "no directory for search for local subcommand, use .executableDir() to supply a custom directory";
        const executableMissing = `'${executableFile}' does not exist
 - if '${subcommandName}' is not meant to be an executable command, remove description parameter from '.command()' and use '.description()' instead
 - if the default executable name is not suitable, use the executableFile option to supply a custom name or path
 - ${executableDirMessage}`;
        throw new Error(executableMissing);
      }
      /**
       * Execute a sub-command executable.
       *
       * @private
       */
      _executeSubCommand(subcommand, args) {
        args = args.slice();
        let launchWithNode = false;
        const sourceExt = [".js", ".ts", ".tsx", ".mjs", ".cjs"];
        function findFile(baseDir, baseName) {
          const localBin = path3.resolve(baseDir, baseName);
          if (fs.existsSync(localBin)) return localBin;
          if (sourceExt.includes(path3.extname(baseName))) return void 0;
          const foundExt = sourceExt.find(
            (ext) => fs.existsSync(`${localBin}${ext}`)
          );
          if (foundExt) return `${localBin}${foundExt}`;
          return void 0;
        }
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        let executableFile = subcommand._executableFile || `${this._name}-${subcommand._name}`;
        let executableDir = this._executableDir || "";
        if (this._scriptPath) {
          let resolvedScriptPath;
          try {
            resolvedScriptPath = fs.realpathSync(this._scriptPath);
          } catch {
            resolvedScriptPath = this._scriptPath;
          }
          executableDir = path3.resolve(
            path3.dirname(resolvedScriptPath),
            executableDir
          );
        }
        if (executableDir) {
          let localFile = findFile(executableDir, executableFile);
          if (!localFile && !subcommand._executableFile && this._scriptPath) {
            const legacyName = path3.basename(
              this._scriptPath,
              path3.extname(this._scriptPath)
            );
            if (legacyName !== this._name) {
              localFile = findFile(
                executableDir,
                `${legacyName}-${subcommand._name}`
              );
            }
          }
          executableFile = localFile || executableFile;
        }
        launchWithNode = sourceExt.includes(path3.extname(executableFile));
        let proc;
        if (process2.platform !== "win32") {
          if (launchWithNode) {
            args.unshift(executableFile);
            args = incrementNodeInspectorPort(process2.execArgv).concat(args);
            proc = childProcess.spawn(process2.argv[0], args, { stdio: "inherit" });
          } else {
            proc = childProcess.spawn(executableFile, args, { stdio: "inherit" });
          }
        } else {
          this._checkForMissingExecutable(
            executableFile,
            executableDir,
            subcommand._name
          );
          args.unshift(executableFile);
          args = incrementNodeInspectorPort(process2.execArgv).concat(args);
          proc = childProcess.spawn(process2.execPath, args, { stdio: "inherit" });
        }
        if (!proc.killed) {
          const signals = ["SIGUSR1", "SIGUSR2", "SIGTERM", "SIGINT", "SIGHUP"];
          signals.forEach((signal) => {
            process2.on(signal, () => {
              if (proc.killed === false && proc.exitCode === null) {
                proc.kill(signal);
              }
            });
          });
        }
        const exitCallback = this._exitCallback;
        proc.on("close", (code) => {
          code = code ?? 1;
          if (!exitCallback) {
            process2.exit(code);
          } else {
            exitCallback(
              new CommanderError2(
                code,
                "commander.executeSubCommandAsync",
                "(close)"
              )
            );
          }
        });
        proc.on("error", (err) => {
          if (err.code === "ENOENT") {
            this._checkForMissingExecutable(
              executableFile,
              executableDir,
              subcommand._name
            );
          } else if (err.code === "EACCES") {
            throw new Error(`'${executableFile}' not executable`);
          }
          if (!exitCallback) {
            process2.exit(1);
          } else {
            const wrappedError = new CommanderError2(
              1,
              "commander.executeSubCommandAsync",
              "(error)"
            );
            wrappedError.nestedError = err;
            exitCallback(wrappedError);
          }
        });
        this.runningCommand = proc;
      }
      /**
       * @private
       */
      _dispatchSubcommand(commandName, operands, unknown) {
        const subCommand = this._findCommand(commandName);
        if (!subCommand) this.help({ error: true });
        subCommand._prepareForParse();
        let promiseChain;
        promiseChain = this._chainOrCallSubCommandHook(
          promiseChain,
          subCommand,
          "preSubcommand"
        );
        promiseChain = this._chainOrCall(promiseChain, () => {
          if (subCommand._executableHandler) {
            this._executeSubCommand(subCommand, operands.concat(unknown));
          } else {
            return subCommand._parseCommand(operands, unknown);
          }
        });
        return promiseChain;
      }
      /**
       * Invoke help directly if possible, or dispatch if necessary.
       * e.g. help foo
       *
       * @private
       */
      _dispatchHelpCommand(subcommandName) {
        if (!subcommandName) {
          this.help();
        }
        const subCommand = this._findCommand(subcommandName);
        if (subCommand && !subCommand._executableHandler) {
          subCommand.help();
        }
        return this._dispatchSubcommand(
          subcommandName,
          [],
          [this._getHelpOption()?.long ?? this._getHelpOption()?.short ?? "--help"]
        );
      }
      /**
       * Check this.args against expected this.registeredArguments.
       *
       * @private
       */
      _checkNumberOfArguments() {
        this.registeredArguments.forEach((arg, i) => {
          if (arg.required && this.args[i] == null) {
            this.missingArgument(arg.name());
          }
        });
        if (this.registeredArguments.length > 0 && this.registeredArguments[this.registeredArguments.length - 1].variadic) {
          return;
        }
        if (this.args.length > this.registeredArguments.length) {
          this._excessArguments(this.args);
        }
      }
      /**
       * Process this.args using this.registeredArguments and save as this.processedArgs!
       *
       * @private
       */
      _processArguments() {
        const myParseArg = (argument, value, previous) => {
          let parsedValue = value;
          if (value !== null && argument.parseArg) {
            const invalidValueMessage = `error: command-argument value '${value}' is invalid for argument '${argument.name()}'.`;
            parsedValue = this._callParseArg(
              argument,
              value,
              previous,
              invalidValueMessage
            );
          }
          return parsedValue;
        };
        this._checkNumberOfArguments();
        const processedArgs = [];
        this.registeredArguments.forEach((declaredArg, index) => {
          let value = declaredArg.defaultValue;
          if (declaredArg.variadic) {
            if (index < this.args.length) {
              value = this.args.slice(index);
              if (declaredArg.parseArg) {
                value = value.reduce((processed, v) => {
                  return myParseArg(declaredArg, v, processed);
                }, declaredArg.defaultValue);
              }
            } else if (value === void 0) {
              value = [];
            }
          } else if (index < this.args.length) {
            value = this.args[index];
            if (declaredArg.parseArg) {
              value = myParseArg(declaredArg, value, declaredArg.defaultValue);
            }
          }
          processedArgs[index] = value;
        });
        this.processedArgs = processedArgs;
      }
      /**
       * Once we have a promise we chain, but call synchronously until then.
       *
       * @param {(Promise|undefined)} promise
       * @param {Function} fn
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCall(promise, fn) {
        if (promise?.then && typeof promise.then === "function") {
          return promise.then(() => fn());
        }
        return fn();
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallHooks(promise, event) {
        let result = promise;
        const hooks = [];
        this._getCommandAndAncestors().reverse().filter((cmd) => cmd._lifeCycleHooks[event] !== void 0).forEach((hookedCommand) => {
          hookedCommand._lifeCycleHooks[event].forEach((callback) => {
            hooks.push({ hookedCommand, callback });
          });
        });
        if (event === "postAction") {
          hooks.reverse();
        }
        hooks.forEach((hookDetail) => {
          result = this._chainOrCall(result, () => {
            return hookDetail.callback(hookDetail.hookedCommand, this);
          });
        });
        return result;
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {Command} subCommand
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallSubCommandHook(promise, subCommand, event) {
        let result = promise;
        if (this._lifeCycleHooks[event] !== void 0) {
          this._lifeCycleHooks[event].forEach((hook) => {
            result = this._chainOrCall(result, () => {
              return hook(this, subCommand);
            });
          });
        }
        return result;
      }
      /**
       * Process arguments in context of this command.
       * Returns action result, in case it is a promise.
       *
       * @private
       */
      _parseCommand(operands, unknown) {
        const parsed = this.parseOptions(unknown);
        this._parseOptionsEnv();
        this._parseOptionsImplied();
        operands = operands.concat(parsed.operands);
        unknown = parsed.unknown;
        this.args = operands.concat(unknown);
        if (operands && this._findCommand(operands[0])) {
          return this._dispatchSubcommand(operands[0], operands.slice(1), unknown);
        }
        if (this._getHelpCommand() && operands[0] === this._getHelpCommand().name()) {
          return this._dispatchHelpCommand(operands[1]);
        }
        if (this._defaultCommandName) {
          this._outputHelpIfRequested(unknown);
          return this._dispatchSubcommand(
            this._defaultCommandName,
            operands,
            unknown
          );
        }
        if (this.commands.length && this.args.length === 0 && !this._actionHandler && !this._defaultCommandName) {
          this.help({ error: true });
        }
        this._outputHelpIfRequested(parsed.unknown);
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        const checkForUnknownOptions = () => {
          if (parsed.unknown.length > 0) {
            this.unknownOption(parsed.unknown[0]);
          }
        };
        const commandEvent = `command:${this.name()}`;
        if (this._actionHandler) {
          checkForUnknownOptions();
          this._processArguments();
          let promiseChain;
          promiseChain = this._chainOrCallHooks(promiseChain, "preAction");
          promiseChain = this._chainOrCall(
            promiseChain,
            () => this._actionHandler(this.processedArgs)
          );
          if (this.parent) {
            promiseChain = this._chainOrCall(promiseChain, () => {
              this.parent.emit(commandEvent, operands, unknown);
            });
          }
          promiseChain = this._chainOrCallHooks(promiseChain, "postAction");
          return promiseChain;
        }
        if (this.parent?.listenerCount(commandEvent)) {
          checkForUnknownOptions();
          this._processArguments();
          this.parent.emit(commandEvent, operands, unknown);
        } else if (operands.length) {
          if (this._findCommand("*")) {
            return this._dispatchSubcommand("*", operands, unknown);
          }
          if (this.listenerCount("command:*")) {
            this.emit("command:*", operands, unknown);
          } else if (this.commands.length) {
            this.unknownCommand();
          } else {
            checkForUnknownOptions();
            this._processArguments();
          }
        } else if (this.commands.length) {
          checkForUnknownOptions();
          this.help({ error: true });
        } else {
          checkForUnknownOptions();
          this._processArguments();
        }
      }
      /**
       * Find matching command.
       *
       * @private
       * @return {Command | undefined}
       */
      _findCommand(name) {
        if (!name) return void 0;
        return this.commands.find(
          (cmd) => cmd._name === name || cmd._aliases.includes(name)
        );
      }
      /**
       * Return an option matching `arg` if any.
       *
       * @param {string} arg
       * @return {Option}
       * @package
       */
      _findOption(arg) {
        return this.options.find((option) => option.is(arg));
      }
      /**
       * Display an error message if a mandatory option does not have a value.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForMissingMandatoryOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd.options.forEach((anOption) => {
            if (anOption.mandatory && cmd.getOptionValue(anOption.attributeName()) === void 0) {
              cmd.missingMandatoryOptionValue(anOption);
            }
          });
        });
      }
      /**
       * Display an error message if conflicting options are used together in this.
       *
       * @private
       */
      _checkForConflictingLocalOptions() {
        const definedNonDefaultOptions = this.options.filter((option) => {
          const optionKey = option.attributeName();
          if (this.getOptionValue(optionKey) === void 0) {
            return false;
          }
          return this.getOptionValueSource(optionKey) !== "default";
        });
        const optionsWithConflicting = definedNonDefaultOptions.filter(
          (option) => option.conflictsWith.length > 0
        );
        optionsWithConflicting.forEach((option) => {
          const conflictingAndDefined = definedNonDefaultOptions.find(
            (defined) => option.conflictsWith.includes(defined.attributeName())
          );
          if (conflictingAndDefined) {
            this._conflictingOption(option, conflictingAndDefined);
          }
        });
      }
      /**
       * Display an error message if conflicting options are used together.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForConflictingOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd._checkForConflictingLocalOptions();
        });
      }
      /**
       * Parse options from `argv` removing known options,
       * and return argv split into operands and unknown arguments.
       *
       * Side effects: modifies command by storing options. Does not reset state if called again.
       *
       * Examples:
       *
       *     argv => operands, unknown
       *     --known kkk op => [op], []
       *     op --known kkk => [op], []
       *     sub --unknown uuu op => [sub], [--unknown uuu op]
       *     sub -- --unknown uuu op => [sub --unknown uuu op], []
       *
       * @param {string[]} args
       * @return {{operands: string[], unknown: string[]}}
       */
      parseOptions(args) {
        const operands = [];
        const unknown = [];
        let dest = operands;
        function maybeOption(arg) {
          return arg.length > 1 && arg[0] === "-";
        }
        const negativeNumberArg = (arg) => {
          if (!/^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(arg)) return false;
          return !this._getCommandAndAncestors().some(
            (cmd) => cmd.options.map((opt) => opt.short).some((short) => /^-\d$/.test(short))
          );
        };
        let activeVariadicOption = null;
        let activeGroup = null;
        let i = 0;
        while (i < args.length || activeGroup) {
          const arg = activeGroup ?? args[i++];
          activeGroup = null;
          if (arg === "--") {
            if (dest === unknown) dest.push(arg);
            dest.push(...args.slice(i));
            break;
          }
          if (activeVariadicOption && (!maybeOption(arg) || negativeNumberArg(arg))) {
            this.emit(`option:${activeVariadicOption.name()}`, arg);
            continue;
          }
          activeVariadicOption = null;
          if (maybeOption(arg)) {
            const option = this._findOption(arg);
            if (option) {
              if (option.required) {
                const value = args[i++];
                if (value === void 0) this.optionMissingArgument(option);
                this.emit(`option:${option.name()}`, value);
              } else if (option.optional) {
                let value = null;
                if (i < args.length && (!maybeOption(args[i]) || negativeNumberArg(args[i]))) {
                  value = args[i++];
                }
                this.emit(`option:${option.name()}`, value);
              } else {
                this.emit(`option:${option.name()}`);
              }
              activeVariadicOption = option.variadic ? option : null;
              continue;
            }
          }
          if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
            const option = this._findOption(`-${arg[1]}`);
            if (option) {
              if (option.required || option.optional && this._combineFlagAndOptionalValue) {
                this.emit(`option:${option.name()}`, arg.slice(2));
              } else {
                this.emit(`option:${option.name()}`);
                activeGroup = `-${arg.slice(2)}`;
              }
              continue;
            }
          }
          if (/^--[^=]+=/.test(arg)) {
            const index = arg.indexOf("=");
            const option = this._findOption(arg.slice(0, index));
            if (option && (option.required || option.optional)) {
              this.emit(`option:${option.name()}`, arg.slice(index + 1));
              continue;
            }
          }
          if (dest === operands && maybeOption(arg) && !(this.commands.length === 0 && negativeNumberArg(arg))) {
            dest = unknown;
          }
          if ((this._enablePositionalOptions || this._passThroughOptions) && operands.length === 0 && unknown.length === 0) {
            if (this._findCommand(arg)) {
              operands.push(arg);
              unknown.push(...args.slice(i));
              break;
            } else if (this._getHelpCommand() && arg === this._getHelpCommand().name()) {
              operands.push(arg, ...args.slice(i));
              break;
            } else if (this._defaultCommandName) {
              unknown.push(arg, ...args.slice(i));
              break;
            }
          }
          if (this._passThroughOptions) {
            dest.push(arg, ...args.slice(i));
            break;
          }
          dest.push(arg);
        }
        return { operands, unknown };
      }
      /**
       * Return an object containing local option values as key-value pairs.
       *
       * @return {object}
       */
      opts() {
        if (this._storeOptionsAsProperties) {
          const result = {};
          const len = this.options.length;
          for (let i = 0; i < len; i++) {
            const key = this.options[i].attributeName();
            result[key] = key === this._versionOptionName ? this._version : this[key];
          }
          return result;
        }
        return this._optionValues;
      }
      /**
       * Return an object containing merged local and global option values as key-value pairs.
       *
       * @return {object}
       */
      optsWithGlobals() {
        return this._getCommandAndAncestors().reduce(
          (combinedOptions, cmd) => Object.assign(combinedOptions, cmd.opts()),
          {}
        );
      }
      /**
       * Display error message and exit (or call exitOverride).
       *
       * @param {string} message
       * @param {object} [errorOptions]
       * @param {string} [errorOptions.code] - an id string representing the error
       * @param {number} [errorOptions.exitCode] - used with process.exit
       */
      error(message, errorOptions) {
        this._outputConfiguration.outputError(
          `${message}
`,
          this._outputConfiguration.writeErr
        );
        if (typeof this._showHelpAfterError === "string") {
          this._outputConfiguration.writeErr(`${this._showHelpAfterError}
`);
        } else if (this._showHelpAfterError) {
          this._outputConfiguration.writeErr("\n");
          this.outputHelp({ error: true });
        }
        const config = errorOptions || {};
        const exitCode = config.exitCode || 1;
        const code = config.code || "commander.error";
        this._exit(exitCode, code, message);
      }
      /**
       * Apply any option related environment variables, if option does
       * not have a value from cli or client code.
       *
       * @private
       */
      _parseOptionsEnv() {
        this.options.forEach((option) => {
          if (option.envVar && option.envVar in process2.env) {
            const optionKey = option.attributeName();
            if (this.getOptionValue(optionKey) === void 0 || ["default", "config", "env"].includes(
              this.getOptionValueSource(optionKey)
            )) {
              if (option.required || option.optional) {
                this.emit(`optionEnv:${option.name()}`, process2.env[option.envVar]);
              } else {
                this.emit(`optionEnv:${option.name()}`);
              }
            }
          }
        });
      }
      /**
       * Apply any implied option values, if option is undefined or default value.
       *
       * @private
       */
      _parseOptionsImplied() {
        const dualHelper = new DualOptions(this.options);
        const hasCustomOptionValue = (optionKey) => {
          return this.getOptionValue(optionKey) !== void 0 && !["default", "implied"].includes(this.getOptionValueSource(optionKey));
        };
        this.options.filter(
          (option) => option.implied !== void 0 && hasCustomOptionValue(option.attributeName()) && dualHelper.valueFromOption(
            this.getOptionValue(option.attributeName()),
            option
          )
        ).forEach((option) => {
          Object.keys(option.implied).filter((impliedKey) => !hasCustomOptionValue(impliedKey)).forEach((impliedKey) => {
            this.setOptionValueWithSource(
              impliedKey,
              option.implied[impliedKey],
              "implied"
            );
          });
        });
      }
      /**
       * Argument `name` is missing.
       *
       * @param {string} name
       * @private
       */
      missingArgument(name) {
        const message = `error: missing required argument '${name}'`;
        this.error(message, { code: "commander.missingArgument" });
      }
      /**
       * `Option` is missing an argument.
       *
       * @param {Option} option
       * @private
       */
      optionMissingArgument(option) {
        const message = `error: option '${option.flags}' argument missing`;
        this.error(message, { code: "commander.optionMissingArgument" });
      }
      /**
       * `Option` does not have a value, and is a mandatory option.
       *
       * @param {Option} option
       * @private
       */
      missingMandatoryOptionValue(option) {
        const message = `error: required option '${option.flags}' not specified`;
        this.error(message, { code: "commander.missingMandatoryOptionValue" });
      }
      /**
       * `Option` conflicts with another option.
       *
       * @param {Option} option
       * @param {Option} conflictingOption
       * @private
       */
      _conflictingOption(option, conflictingOption) {
        const findBestOptionFromValue = (option2) => {
          const optionKey = option2.attributeName();
          const optionValue = this.getOptionValue(optionKey);
          const negativeOption = this.options.find(
            (target) => target.negate && optionKey === target.attributeName()
          );
          const positiveOption = this.options.find(
            (target) => !target.negate && optionKey === target.attributeName()
          );
          if (negativeOption && (negativeOption.presetArg === void 0 && optionValue === false || negativeOption.presetArg !== void 0 && optionValue === negativeOption.presetArg)) {
            return negativeOption;
          }
          return positiveOption || option2;
        };
        const getErrorMessage = (option2) => {
          const bestOption = findBestOptionFromValue(option2);
          const optionKey = bestOption.attributeName();
          const source = this.getOptionValueSource(optionKey);
          if (source === "env") {
            return `environment variable '${bestOption.envVar}'`;
          }
          return `option '${bestOption.flags}'`;
        };
        const message = `error: ${getErrorMessage(option)} cannot be used with ${getErrorMessage(conflictingOption)}`;
        this.error(message, { code: "commander.conflictingOption" });
      }
      /**
       * Unknown option `flag`.
       *
       * @param {string} flag
       * @private
       */
      unknownOption(flag) {
        if (this._allowUnknownOption) return;
        let suggestion = "";
        if (flag.startsWith("--") && this._showSuggestionAfterError) {
          let candidateFlags = [];
          let command = this;
          do {
            const moreFlags = command.createHelp().visibleOptions(command).filter((option) => option.long).map((option) => option.long);
            candidateFlags = candidateFlags.concat(moreFlags);
            command = command.parent;
          } while (command && !command._enablePositionalOptions);
          suggestion = suggestSimilar(flag, candidateFlags);
        }
        const message = `error: unknown option '${flag}'${suggestion}`;
        this.error(message, { code: "commander.unknownOption" });
      }
      /**
       * Excess arguments, more than expected.
       *
       * @param {string[]} receivedArgs
       * @private
       */
      _excessArguments(receivedArgs) {
        if (this._allowExcessArguments) return;
        const expected = this.registeredArguments.length;
        const s = expected === 1 ? "" : "s";
        const forSubcommand = this.parent ? ` for '${this.name()}'` : "";
        const message = `error: too many arguments${forSubcommand}. Expected ${expected} argument${s} but got ${receivedArgs.length}.`;
        this.error(message, { code: "commander.excessArguments" });
      }
      /**
       * Unknown command.
       *
       * @private
       */
      unknownCommand() {
        const unknownName = this.args[0];
        let suggestion = "";
        if (this._showSuggestionAfterError) {
          const candidateNames = [];
          this.createHelp().visibleCommands(this).forEach((command) => {
            candidateNames.push(command.name());
            if (command.alias()) candidateNames.push(command.alias());
          });
          suggestion = suggestSimilar(unknownName, candidateNames);
        }
        const message = `error: unknown command '${unknownName}'${suggestion}`;
        this.error(message, { code: "commander.unknownCommand" });
      }
      /**
       * Get or set the program version.
       *
       * This method auto-registers the "-V, --version" option which will print the version number.
       *
       * You can optionally supply the flags and description to override the defaults.
       *
       * @param {string} [str]
       * @param {string} [flags]
       * @param {string} [description]
       * @return {(this | string | undefined)} `this` command for chaining, or version string if no arguments
       */
      version(str, flags, description) {
        if (str === void 0) return this._version;
        this._version = str;
        flags = flags || "-V, --version";
        description = description || "output the version number";
        const versionOption = this.createOption(flags, description);
        this._versionOptionName = versionOption.attributeName();
        this._registerOption(versionOption);
        this.on("option:" + versionOption.name(), () => {
          this._outputConfiguration.writeOut(`${str}
`);
          this._exit(0, "commander.version", str);
        });
        return this;
      }
      /**
       * Set the description.
       *
       * @param {string} [str]
       * @param {object} [argsDescription]
       * @return {(string|Command)}
       */
      description(str, argsDescription) {
        if (str === void 0 && argsDescription === void 0)
          return this._description;
        this._description = str;
        if (argsDescription) {
          this._argsDescription = argsDescription;
        }
        return this;
      }
      /**
       * Set the summary. Used when listed as subcommand of parent.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      summary(str) {
        if (str === void 0) return this._summary;
        this._summary = str;
        return this;
      }
      /**
       * Set an alias for the command.
       *
       * You may call more than once to add multiple aliases. Only the first alias is shown in the auto-generated help.
       *
       * @param {string} [alias]
       * @return {(string|Command)}
       */
      alias(alias) {
        if (alias === void 0) return this._aliases[0];
        let command = this;
        if (this.commands.length !== 0 && this.commands[this.commands.length - 1]._executableHandler) {
          command = this.commands[this.commands.length - 1];
        }
        if (alias === command._name)
          throw new Error("Command alias can't be the same as its name");
        const matchingCommand = this.parent?._findCommand(alias);
        if (matchingCommand) {
          const existingCmd = [matchingCommand.name()].concat(matchingCommand.aliases()).join("|");
          throw new Error(
            `cannot add alias '${alias}' to command '${this.name()}' as already have command '${existingCmd}'`
          );
        }
        command._aliases.push(alias);
        return this;
      }
      /**
       * Set aliases for the command.
       *
       * Only the first alias is shown in the auto-generated help.
       *
       * @param {string[]} [aliases]
       * @return {(string[]|Command)}
       */
      aliases(aliases) {
        if (aliases === void 0) return this._aliases;
        aliases.forEach((alias) => this.alias(alias));
        return this;
      }
      /**
       * Set / get the command usage `str`.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      usage(str) {
        if (str === void 0) {
          if (this._usage) return this._usage;
          const args = this.registeredArguments.map((arg) => {
            return humanReadableArgName(arg);
          });
          return [].concat(
            this.options.length || this._helpOption !== null ? "[options]" : [],
            this.commands.length ? "[command]" : [],
            this.registeredArguments.length ? args : []
          ).join(" ");
        }
        this._usage = str;
        return this;
      }
      /**
       * Get or set the name of the command.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      name(str) {
        if (str === void 0) return this._name;
        this._name = str;
        return this;
      }
      /**
       * Set/get the help group heading for this subcommand in parent command's help.
       *
       * @param {string} [heading]
       * @return {Command | string}
       */
      helpGroup(heading) {
        if (heading === void 0) return this._helpGroupHeading ?? "";
        this._helpGroupHeading = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for subcommands added to this command.
       * (This does not override a group set directly on the subcommand using .helpGroup().)
       *
       * @example
       * program.commandsGroup('Development Commands:);
       * program.command('watch')...
       * program.command('lint')...
       * ...
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      commandsGroup(heading) {
        if (heading === void 0) return this._defaultCommandGroup ?? "";
        this._defaultCommandGroup = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for options added to this command.
       * (This does not override a group set directly on the option using .helpGroup().)
       *
       * @example
       * program
       *   .optionsGroup('Development Options:')
       *   .option('-d, --debug', 'output extra debugging')
       *   .option('-p, --profile', 'output profiling information')
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      optionsGroup(heading) {
        if (heading === void 0) return this._defaultOptionGroup ?? "";
        this._defaultOptionGroup = heading;
        return this;
      }
      /**
       * @param {Option} option
       * @private
       */
      _initOptionGroup(option) {
        if (this._defaultOptionGroup && !option.helpGroupHeading)
          option.helpGroup(this._defaultOptionGroup);
      }
      /**
       * @param {Command} cmd
       * @private
       */
      _initCommandGroup(cmd) {
        if (this._defaultCommandGroup && !cmd.helpGroup())
          cmd.helpGroup(this._defaultCommandGroup);
      }
      /**
       * Set the name of the command from script filename, such as process.argv[1],
       * or require.main.filename, or __filename.
       *
       * (Used internally and public although not documented in README.)
       *
       * @example
       * program.nameFromFilename(require.main.filename);
       *
       * @param {string} filename
       * @return {Command}
       */
      nameFromFilename(filename) {
        this._name = path3.basename(filename, path3.extname(filename));
        return this;
      }
      /**
       * Get or set the directory for searching for executable subcommands of this command.
       *
       * @example
       * program.executableDir(__dirname);
       * // or
       * program.executableDir('subcommands');
       *
       * @param {string} [path]
       * @return {(string|null|Command)}
       */
      executableDir(path4) {
        if (path4 === void 0) return this._executableDir;
        this._executableDir = path4;
        return this;
      }
      /**
       * Return program help documentation.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to wrap for stderr instead of stdout
       * @return {string}
       */
      helpInformation(contextOptions) {
        const helper = this.createHelp();
        const context = this._getOutputContext(contextOptions);
        helper.prepareContext({
          error: context.error,
          helpWidth: context.helpWidth,
          outputHasColors: context.hasColors
        });
        const text = helper.formatHelp(this, helper);
        if (context.hasColors) return text;
        return this._outputConfiguration.stripColor(text);
      }
      /**
       * @typedef HelpContext
       * @type {object}
       * @property {boolean} error
       * @property {number} helpWidth
       * @property {boolean} hasColors
       * @property {function} write - includes stripColor if needed
       *
       * @returns {HelpContext}
       * @private
       */
      _getOutputContext(contextOptions) {
        contextOptions = contextOptions || {};
        const error = !!contextOptions.error;
        let baseWrite;
        let hasColors;
        let helpWidth;
        if (error) {
          baseWrite = (str) => this._outputConfiguration.writeErr(str);
          hasColors = this._outputConfiguration.getErrHasColors();
          helpWidth = this._outputConfiguration.getErrHelpWidth();
        } else {
          baseWrite = (str) => this._outputConfiguration.writeOut(str);
          hasColors = this._outputConfiguration.getOutHasColors();
          helpWidth = this._outputConfiguration.getOutHelpWidth();
        }
        const write = (str) => {
          if (!hasColors) str = this._outputConfiguration.stripColor(str);
          return baseWrite(str);
        };
        return { error, write, hasColors, helpWidth };
      }
      /**
       * Output help information for this command.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean } | Function} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      outputHelp(contextOptions) {
        let deprecatedCallback;
        if (typeof contextOptions === "function") {
          deprecatedCallback = contextOptions;
          contextOptions = void 0;
        }
        const outputContext = this._getOutputContext(contextOptions);
        const eventContext = {
          error: outputContext.error,
          write: outputContext.write,
          command: this
        };
        this._getCommandAndAncestors().reverse().forEach((command) => command.emit("beforeAllHelp", eventContext));
        this.emit("beforeHelp", eventContext);
        let helpInformation = this.helpInformation({ error: outputContext.error });
        if (deprecatedCallback) {
          helpInformation = deprecatedCallback(helpInformation);
          if (typeof helpInformation !== "string" && !Buffer.isBuffer(helpInformation)) {
            throw new Error("outputHelp callback must return a string or a Buffer");
          }
        }
        outputContext.write(helpInformation);
        if (this._getHelpOption()?.long) {
          this.emit(this._getHelpOption().long);
        }
        this.emit("afterHelp", eventContext);
        this._getCommandAndAncestors().forEach(
          (command) => command.emit("afterAllHelp", eventContext)
        );
      }
      /**
       * You can pass in flags and a description to customise the built-in help option.
       * Pass in false to disable the built-in help option.
       *
       * @example
       * program.helpOption('-?, --help' 'show help'); // customise
       * program.helpOption(false); // disable
       *
       * @param {(string | boolean)} flags
       * @param {string} [description]
       * @return {Command} `this` command for chaining
       */
      helpOption(flags, description) {
        if (typeof flags === "boolean") {
          if (flags) {
            if (this._helpOption === null) this._helpOption = void 0;
            if (this._defaultOptionGroup) {
              this._initOptionGroup(this._getHelpOption());
            }
          } else {
            this._helpOption = null;
          }
          return this;
        }
        this._helpOption = this.createOption(
          flags ?? "-h, --help",
          description ?? "display help for command"
        );
        if (flags || description) this._initOptionGroup(this._helpOption);
        return this;
      }
      /**
       * Lazy create help option.
       * Returns null if has been disabled with .helpOption(false).
       *
       * @returns {(Option | null)} the help option
       * @package
       */
      _getHelpOption() {
        if (this._helpOption === void 0) {
          this.helpOption(void 0, void 0);
        }
        return this._helpOption;
      }
      /**
       * Supply your own option to use for the built-in help option.
       * This is an alternative to using helpOption() to customise the flags and description etc.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addHelpOption(option) {
        this._helpOption = option;
        this._initOptionGroup(option);
        return this;
      }
      /**
       * Output help information and exit.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      help(contextOptions) {
        this.outputHelp(contextOptions);
        let exitCode = Number(process2.exitCode ?? 0);
        if (exitCode === 0 && contextOptions && typeof contextOptions !== "function" && contextOptions.error) {
          exitCode = 1;
        }
        this._exit(exitCode, "commander.help", "(outputHelp)");
      }
      /**
       * // Do a little typing to coordinate emit and listener for the help text events.
       * @typedef HelpTextEventContext
       * @type {object}
       * @property {boolean} error
       * @property {Command} command
       * @property {function} write
       */
      /**
       * Add additional text to be displayed with the built-in help.
       *
       * Position is 'before' or 'after' to affect just this command,
       * and 'beforeAll' or 'afterAll' to affect this command and all its subcommands.
       *
       * @param {string} position - before or after built-in help
       * @param {(string | Function)} text - string to add, or a function returning a string
       * @return {Command} `this` command for chaining
       */
      addHelpText(position, text) {
        const allowedValues = ["beforeAll", "before", "after", "afterAll"];
        if (!allowedValues.includes(position)) {
          throw new Error(`Unexpected value for position to addHelpText.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        const helpEvent = `${position}Help`;
        this.on(helpEvent, (context) => {
          let helpStr;
          if (typeof text === "function") {
            helpStr = text({ error: context.error, command: context.command });
          } else {
            helpStr = text;
          }
          if (helpStr) {
            context.write(`${helpStr}
`);
          }
        });
        return this;
      }
      /**
       * Output help information if help flags specified
       *
       * @param {Array} args - array of options to search for help flags
       * @private
       */
      _outputHelpIfRequested(args) {
        const helpOption = this._getHelpOption();
        const helpRequested = helpOption && args.find((arg) => helpOption.is(arg));
        if (helpRequested) {
          this.outputHelp();
          this._exit(0, "commander.helpDisplayed", "(outputHelp)");
        }
      }
    };
    function incrementNodeInspectorPort(args) {
      return args.map((arg) => {
        if (!arg.startsWith("--inspect")) {
          return arg;
        }
        let debugOption;
        let debugHost = "127.0.0.1";
        let debugPort = "9229";
        let match;
        if ((match = arg.match(/^(--inspect(-brk)?)$/)) !== null) {
          debugOption = match[1];
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+)$/)) !== null) {
          debugOption = match[1];
          if (/^\d+$/.test(match[3])) {
            debugPort = match[3];
          } else {
            debugHost = match[3];
          }
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+):(\d+)$/)) !== null) {
          debugOption = match[1];
          debugHost = match[3];
          debugPort = match[4];
        }
        if (debugOption && debugPort !== "0") {
          return `${debugOption}=${debugHost}:${parseInt(debugPort) + 1}`;
        }
        return arg;
      });
    }
    function useColor() {
      if (process2.env.NO_COLOR || process2.env.FORCE_COLOR === "0" || process2.env.FORCE_COLOR === "false")
        return false;
      if (process2.env.FORCE_COLOR || process2.env.CLICOLOR_FORCE !== void 0)
        return true;
      return void 0;
    }
    exports.Command = Command2;
    exports.useColor = useColor;
  }
});

// node_modules/commander/index.js
var require_commander = __commonJS({
  "node_modules/commander/index.js"(exports) {
    var { Argument: Argument2 } = require_argument();
    var { Command: Command2 } = require_command();
    var { CommanderError: CommanderError2, InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var { Help: Help2 } = require_help();
    var { Option: Option2 } = require_option();
    exports.program = new Command2();
    exports.createCommand = (name) => new Command2(name);
    exports.createOption = (flags, description) => new Option2(flags, description);
    exports.createArgument = (name, description) => new Argument2(name, description);
    exports.Command = Command2;
    exports.Option = Option2;
    exports.Argument = Argument2;
    exports.Help = Help2;
    exports.CommanderError = CommanderError2;
    exports.InvalidArgumentError = InvalidArgumentError2;
    exports.InvalidOptionArgumentError = InvalidArgumentError2;
  }
});

// node_modules/commander/esm.mjs
var import_index = __toESM(require_commander(), 1);
var {
  program,
  createCommand,
  createArgument,
  createOption,
  CommanderError,
  InvalidArgumentError,
  InvalidOptionArgumentError,
  // deprecated old name
  Command,
  Argument,
  Option,
  Help
} = import_index.default;

// src/cli/analyze.ts
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";

// src/cli/options.ts
var collect = (value, previous = [], separators = /,/) => [...previous, ...value.split(separators).map((v) => v.trim()).filter(Boolean)];
var WORDS = /[\s,]+/;
var named = (value) => namedOr(value, "");
var NAMES_NOTHING = "it names nothing (an unset variable?)";
var namedFilesOr = (give) => (value, previous = []) => {
  if (value.trim() === "") throw new InvalidArgumentError(`${NAMES_NOTHING}; ${give}`);
  return [...previous, value];
};
var namedFiles = namedFilesOr("give a file's path, or - for stdin");
var namedPaths = namedFilesOr("give a file's path");
function namedOr(value, instead) {
  if (value.split(",").every((v) => v.trim() === "")) throw new InvalidArgumentError(`${NAMES_NOTHING}; give a value${instead}, or leave the option out`);
  return value;
}
var collectNamed = (value, previous) => collect(named(value), previous);
var collectNamedWords = (value, previous) => collect(named(value), previous, WORDS);
var collectNamedOrNone = (value, previous) => collect(namedOr(value, " (none for an empty list)"), previous);
var collectNamedWordsOrNone = (value, previous) => collect(namedOr(value, " (none for an empty list)"), previous, WORDS);
var collectRules = (value, previous) => previous === void 0 ? value : `${previous},${value}`;
var oneValue = (option, why) => (value, previous) => {
  named(value);
  if (previous !== void 0 && previous !== value) throw new InvalidArgumentError(`${option} ${previous} is given already: ${why}`);
  return value;
};
var oneSpec = oneValue(
  "--spec",
  "one spec is read, the cluster's: its /openapi/v2 (kubectl get --raw /openapi/v2 > spec.json) holds its CRDs and aggregated APIs too"
);
function addSpecSourceOptions(cmd) {
  return cmd.option("--spec <file>", "OpenAPI v2 spec of the cluster (JSON or YAML; plain, .gz or .zst)", oneSpec).option("--k8s-version <1.NN>", "Kubernetes release: the shipped index, else the upstream spec (downloaded once, cached); with --spec or --from-cluster, the spec's release when it names none (in its info.version, or a file's name)", named).option("--from-cluster", "read /openapi/v2 from the current kubectl context (kubectl --request-timeout 30s; stopped after 2 minutes)");
}
function addSpecOptions(cmd) {
  return addSpecSourceOptions(cmd).option("--next-releases <list>", "later releases (versions or spec files) to check for removals, or none; default: shipped releases newer than the spec", collectNamedOrNone).option("--conformance <file|1.NN|auto|none>", "APISnoop coverage data for the conformance overlay", named, "auto");
}
function addSelectionOptions(cmd) {
  return cmd.option("-n, --namespace <ns>", "keep requests for objects in this namespace, by any non-system identity (repeatable, comma- or space-separated); the namespace's service accounts acting cluster-wide or in other namespaces are not kept: add --serviceaccount NS:* for those; --exclude-user leaves out an identity acting there that is not the app (a CI bot, an admin)", collectNamedWords).option("--serviceaccount <ns:name>", "the KAPIC's service account (repeatable, comma- or space-separated; ns:* for all in a namespace)", collectNamedWords).option("--user <name>", "a user the KAPIC acts as, its whole name in its case (repeatable, comma-separated; * wildcard); an impersonated request is both its sender's and the impersonated user's", collectNamed).option("--user-agent <pattern>", "user-agent prefix, in any case, from the user agent's first non-space character (repeatable, comma-separated; * wildcard), e.g. helm; (none) for requests without one", collectNamed).option(
    "--exclude-user <name>",
    "leave out the requests that acted as this user (the impersonated one, for an impersonated request) wherever it acts, the selected namespaces included: a CI bot, Argo CD or flux, an admin (repeatable, comma-separated; its whole name in its case, * wildcard; a service account as system:serviceaccount:ns:name, or --exclude-serviceaccount); an identity named whole by --user or --serviceaccount is kept",
    collectNamed
  ).option("--exclude-serviceaccount <ns:name>", "--exclude-user for a service account (repeatable, comma- or space-separated; ns:* for all in a namespace)", collectNamedWords).option("--include-system", "keep Kubernetes system components (controllers, scheduler, kubelets, apiserver) and anonymous health checks (/livez, /readyz, /healthz)").option("--e2e", "e2e mode: select the e2e framework's requests and mark operations tested by the test names in their user agents");
}
function noneIsEmpty(option, values, list) {
  if (list === void 0) return list;
  const read = noneAsEmpty(list, values);
  if ("refused" in read) throw new InputError(`${option} ${read.refused}`);
  return read;
}
function checkE2e(o) {
  if (!o.e2e) return;
  const others = [
    ["--namespace", o.namespace],
    ["--serviceaccount", o.serviceaccount],
    ["--user", o.user],
    ["--user-agent", o.userAgent],
    // e2e mode keeps the e2e framework's requests whoever they act as: a user left out would still be counted.
    ["--exclude-user", o.excludeUser],
    ["--exclude-serviceaccount", o.excludeServiceaccount]
  ];
  const given = others.filter(([, v]) => (v ?? []).length > 0).map(([name]) => name);
  if (given.length > 0) throw new InputError(`--e2e selects the e2e framework's requests and takes no other filter (${given.join(", ")} given)`);
}
var once = (values) => values ? [...new Set(values)] : values;
function serviceAccountOption(option, sa) {
  try {
    return serviceAccountUser(sa);
  } catch (err) {
    throw new InputError(`${option} ${sa}: ${err.message}`);
  }
}
function excludedButNamed(exclusions, whole) {
  const out = [];
  for (const [option, given, pattern] of exclusions) {
    const matches = globMatcher(pattern, "user");
    for (const [keeps, name, user] of whole) {
      if (user.includes("*") || !matches(user)) continue;
      out.push(`${option} ${given} leaves out none of ${user}'s requests: ${keeps} ${name} names it whole, and a name given whole is kept; drop one of the two`);
    }
  }
  return out;
}
function settingsFrom(logs, o, onWarning) {
  checkE2e(o);
  for (const ns of o.namespace ?? []) {
    if (!isNamespaceName(ns)) throw new InputError(`--namespace ${ns}: not a valid namespace name (lower-case letters, digits and -, at most 63); a namespace is matched whole, so give each one`);
  }
  const serviceAccounts = (option, list) => (list ?? []).map((sa) => [option, sa, serviceAccountOption(option, sa)]);
  const whole = [...(o.user ?? []).map((u) => ["--user", u, u]), ...serviceAccounts("--serviceaccount", o.serviceaccount)];
  const exclusions = [...(o.excludeUser ?? []).map((u) => ["--exclude-user", u, u]), ...serviceAccounts("--exclude-serviceaccount", o.excludeServiceaccount)];
  const excludeUsers = once(exclusions.map(([, , user]) => user)) ?? [];
  for (const w of excludedButNamed(exclusions, whole)) onWarning?.(w);
  return {
    logs,
    spec: o.spec,
    kubernetesVersion: o.k8sVersion,
    fromCluster: o.fromCluster,
    nextReleases: once(noneIsEmpty("--next-releases", "releases", o.nextReleases)),
    conformance: o.conformance,
    selection: {
      namespaces: once(o.namespace) ?? [],
      serviceAccounts: once(o.serviceaccount) ?? [],
      users: once(o.user) ?? [],
      userAgents: once(o.userAgent) ?? [],
      includeSystem: o.includeSystem === true,
      e2e: o.e2e === true,
      // Absent when none is left out, as in the reports made before it.
      ...excludeUsers.length > 0 ? { excludeUsers } : {}
    },
    policy: {
      failOn: parseFailOn(o.failOn ?? "alpha,beta"),
      allow: noneIsEmpty("--allow", "entries", o.allow) ?? []
    }
  };
}
function addPolicyOptions(cmd) {
  return cmd.option(
    "--fail-on <rules>",
    "rules that fail the verdict: alpha,beta,deprecated,removed (operations used), empty (nothing selected), invalid (invalid input lines, a gzip cut short, an xz file) or none (default: alpha,beta; repeatable)",
    collectRules
  ).option("--allow <list>", "operationIds, API groups or group/versions (core for the core group: core, core/v1) exempt from the policy, or none (repeatable, comma- or space-separated)", collectNamedWordsOrNone);
}
var formatOption = () => new Option("--format <format>", "print the report to stdout in this format").choices(["json", "md"]);

// src/cli/progress.ts
function drawsProgress(stream = process.stderr) {
  return stream.isTTY === true && process.env.TERM !== "dumb";
}
function progressReporter(stream = process.stderr) {
  if (!drawsProgress(stream)) return void 0;
  const start = Date.now();
  let last = 0;
  return ({ bytes, events }) => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    const secs = Math.max((now - start) / 1e3, 1e-3);
    stream.write(`\r${(bytes / 1e6).toFixed(0)} MB read, ${events} events (${(bytes / 1e6 / secs).toFixed(0)} MB/s, ${(events / secs).toFixed(0)} events/s)  `);
  };
}
var clearing = (stream) => drawsProgress(stream) ? "\r\x1B[K" : "";
function endProgress(stream = process.stderr) {
  const clear = clearing(stream);
  if (clear) stream.write(clear);
}
function stderrLine(stream = process.stderr) {
  const clear = clearing(stream);
  return (msg) => {
    stream.write(clear + terminalLine(msg) + "\n");
  };
}

// src/cli/analyze.ts
var positiveInt = (v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("a whole number of at least 1");
  return n;
};
function nothingRead(report) {
  if (report.summary.events > 0) return null;
  const first = report.invalid[0];
  return `no audit events read from ${report.inputs.join(", ")}${first ? ` (${first.file}:${first.line}: ${first.message})` : ""}`;
}
var nonNegativeInt = (v) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError("not a whole number >= 0");
  return Number(v);
};
function splitFailOn(text) {
  parseFailOn(text, ["overprivileged"]);
  const words = text.split(/[\s,]+/).filter(Boolean);
  const rest = words.filter((w) => w.toLowerCase() !== "overprivileged");
  return { api: rest.length > 0 ? rest.join(",") : "none", overprivileged: rest.length < words.length };
}
function rbacSummaryLine(c) {
  const over = c.granted ? `${plural(c.granted.overGrants.length, "over-grant")}${c.granted.overGrants.length ? ` (riskiest: ${c.granted.overGrants[0].risk})` : ""}` : "over-grants not checked (no --granted)";
  const unjudged = c.verdict?.cannotJudge?.length ?? 0;
  const verdict = c.verdict ? `; ${c.verdict.pass ? "PASS" : "FAIL"} (threshold ${c.verdict.threshold}${unjudged ? `, ${bindingsToRolesText(unjudged)} not given` : ""})` : "";
  const unresolved = c.verdict ? 0 : c.granted?.unresolved.length ?? 0;
  const unknown = unresolved ? ` (and ${bindingsToRolesText(unresolved)} not given, not judged)` : "";
  const unaudited = c.granted?.unauditedResources?.length ?? 0;
  const unseen = unaudited > 0 ? ` (and ${unauditedRulesText(unaudited)})` : "";
  return `least privilege ${identityText(c.identity)}: ${plural(c.requests.total, "request")}, ${over}${unknown}${unseen}, ${c.requests.denied} denied${verdict}`;
}
var wroteFiles = (files, dir) => `wrote ${files.length} files to ${dir.replace(/\/+$/, "")}/`;
var SHOWN_VIOLATIONS = 5;
function closingLines(report) {
  const v = violationsByUrgency(report);
  const more = v.length - SHOWN_VIOLATIONS;
  return [
    oneLineSummary(report),
    ...(report.verdict.runFailures ?? []).map((f) => `fail-on ${f.rule}: ${f.why}`),
    ...v.slice(0, SHOWN_VIOLATIONS).map((x) => `violation ${violationLine(x)}: ${x.why}`),
    ...more > 0 ? [`\u2026 and ${plural(more, "more violation")} (the report lists them all)`] : []
  ];
}
function oneLineSummary(report) {
  const s = report.summary;
  const run = (report.verdict.runFailures ?? []).map((f) => `; fail-on ${f.rule}: ${runFailureHeadline(f, report)}`).join("");
  return `${reportPasses(report) ? "PASS" : "FAIL"}: ${plural(s.requests, "request")}, ${s.selected} selected, ${s.matched} matched, ${s.unmatched} unmatched, ${plural(s.invalidLines, "invalid line")}; operations: ${s.stable} stable, ${s.beta} beta, ${s.alpha} alpha, ${s.discovery.operations} discovery; ${plural(report.verdict.violations.length, "violation")}${run} (Kubernetes ${report.kubernetesVersion})`;
}
function register(program3) {
  const cmd = program3.command("analyze").description("analyze audit logs: map every request to its OpenAPI operation, aggregate coverage, apply the policy").argument("<logs...>", "audit log files or directories: JSON lines of audit events, or the records of CloudWatch, Azure Monitor, container logs, Loki, Elasticsearch or Splunk; plain, .gz or .zst; '-' for stdin", namedFiles);
  addSpecOptions(cmd);
  addSelectionOptions(cmd);
  addPolicyOptions(cmd);
  cmd.option("-o, --out <dir>", "write report.json, report.md, report.html and the CSVs in this directory, not - (default ./apisnoop-report unless --format, which prints to stdout)", named).option("--name <name>", "the app's name: in the report's title and the CSV exports (default: none; the title is then just APISnoop, and the CSV exports and the page name the app after the first log's file, or after the --out directory when the log is read from stdin or a pipe)", named).addOption(formatOption()).option("-q, --quiet", "no warnings or summary on stderr").option("-j, --jobs <n>", "threads parsing the logs (byte ranges of inputs of 256 MB or more); at most the cores available", positiveInt, defaultJobs()).option("--no-fast", "JSON.parse every line in full (the reference path; same report, slower)").option("--max-in-flight <n>", "requests held until their final stage at most, and 1 KB of text (URIs, user agents) each on average; past either the oldest is counted early", positiveInt, MANY_OPEN).option("--rbac-serviceaccount <ns:name>", "least privilege: compare what this service account used with what --granted gives it (repeatable, comma- or space-separated)", collectNamedWords).option("--granted <manifests>", "RBAC manifests the app is granted: YAML, `helm template` output, directories, '-' (repeatable)", collectNamed).option("--rbac-threshold <n>", "over-grants tolerated per service account by --fail-on overprivileged", nonNegativeInt, 0).option("--release-namespace <ns>", "namespace of Roles/RoleBindings in --granted that name none (default: the service account namespace; needed with service accounts of several namespaces)", named).addHelpText(
    "after",
    "\nRun rules: --fail-on empty fails when the selection keeps no request (a wrong filter, the app's traffic not in the log);\n  --fail-on invalid when an input line is not an audit event or an input is cut short or cannot be read (a truncated gzip, an xz file). Neither is a default.\nLeast privilege: --fail-on also takes overprivileged (e.g. alpha,beta,overprivileged), with --rbac-serviceaccount and --granted.\nExit codes: 0 the verdict passed, 1 the verdict failed, 2 bad usage or nothing usable read."
  ).action(async (logs, o) => {
    const line = stderrLine();
    const say2 = (msg) => {
      if (!o.quiet) line(msg);
    };
    const warn2 = oncePerMessage((w) => say2(`warning: ${w}`));
    const failOn = splitFailOn(o.failOn ?? "alpha,beta");
    const serviceAccounts = o.rbacServiceaccount ?? [];
    for (const sa of serviceAccounts) serviceAccountOption("--rbac-serviceaccount", sa);
    const granted = o.granted ?? [];
    if (granted.length > 0 && serviceAccounts.length === 0) throw new InputError("--granted needs --rbac-serviceaccount: whose least privilege to check");
    checkStdinUse(logs, granted);
    if (failOn.overprivileged && (serviceAccounts.length === 0 || granted.length === 0)) {
      throw new InputError("--fail-on overprivileged needs --rbac-serviceaccount and --granted manifests to compare with");
    }
    if (cmd.getOptionValueSource("rbacThreshold") === "cli" && !failOn.overprivileged) {
      warn2(`--rbac-threshold ${o.rbacThreshold} does nothing without overprivileged among the rules of --fail-on (--fail-on alpha,beta,overprivileged): the over-grants are reported, not judged`);
    }
    const jobs = Math.min(o.jobs, availableParallelism());
    if (jobs < o.jobs) warn2(`--jobs ${o.jobs}: ${plural(jobs, "core")} available, so at most ${plural(jobs, "job")}`);
    if (o.out !== void 0) refuseStdoutAsDir(o.out, "for the report on stdout give --format json or --format md without --out");
    const out = o.out ?? (o.format ? void 0 : "apisnoop-report");
    const spec = o.spec && !(await stat(o.spec).catch(() => null))?.isDirectory() ? [o.spec] : [];
    if (out) await refuseOutputOverInputs(out, [...logs, ...granted, ...spec], o.out === void 0 ? `--out ${out} (the default)` : void 0);
    const identities = serviceAccounts.map((serviceAccount) => ({ serviceAccount }));
    const rbacRequests = identities.length > 0 ? new IdentityRequests(identities) : void 0;
    let holds;
    const report = await analyzeLogs({
      ...settingsFrom(logs, { ...o, failOn: failOn.api }, warn2),
      onRequest: rbacRequests && ((req) => rbacRequests.add(req)),
      onNothingSelected: (left) => holds = leftOutText(left, o.includeSystem === true, (v) => clip(v, 80)),
      jobs,
      fast: o.fast,
      identifyInputs: true,
      onThreads: () => {
        limitOldGenerationGrowthNow();
        fullYoungGenerationForWorkers();
      },
      manyOpenAt: o.maxInFlight,
      onWarning: warn2,
      onProgress: o.quiet ? void 0 : progressReporter()
    });
    if (!o.quiet) endProgress();
    const empty = nothingRead(report);
    const more = report.summary.invalidLines - 5;
    for (const l of report.invalid.slice(0, 5)) say2(`warning: ${l.file}:${l.line}: ${l.message}`);
    if (more > 0) say2(`warning: ${plural(more, "more invalid line")}${!empty && (out || o.format === "json") ? `; ${invalidListedText(report.summary.invalidLines)}` : ""}`);
    if (empty) {
      line(`apisnoop: ${empty}`);
      process.exitCode = 2;
      return;
    }
    const unselected = nothingJudged(report);
    if (unselected) warn2(unselected);
    if (unselected && holds) warn2(holds);
    const noFinal = missingFinalStages(report);
    if (noFinal) warn2(noFinal);
    if (rbacRequests) {
      const settings = {
        logs,
        identities,
        granted,
        releaseNamespace: o.releaseNamespace,
        spec: o.spec,
        kubernetesVersion: o.fromCluster ? report.kubernetesVersion : o.k8sVersion,
        failOn: failOn.overprivileged ? ["overprivileged"] : [],
        threshold: o.rbacThreshold,
        // As the rbac command: `helm template … | apisnoop analyze … --granted -` with a template that failed.
        requireRbacObjects: true,
        allowNoRequests: true,
        onWarning: warn2
      };
      report.rbac = await rbacForIdentities(settings, { requests: rbacRequests, events: report.summary.events });
    }
    if (o.name !== void 0) report.app = o.name;
    if (o.format === "json") await writeChunks(process.stdout, reportJsonChunks(report));
    else if (o.format === "md") await writeChunks(process.stdout, [renderMarkdown(report, { title: reportTitle(report) })]);
    if (out) {
      const files = await writeReportFiles(report, out);
      say2(wroteFiles(files, out));
    }
    for (const l of closingLines(report)) say2(l);
    if (!unselected && holds) warn2(holds);
    for (const c of report.rbac ?? []) say2(rbacSummaryLine(c));
    process.exitCode = reportPasses(report) ? 0 : 1;
  });
}

// src/cli/endpoints.ts
var SPEC_COLUMNS = ["operationId", "method", "path", "level", "group", "version", "category", "kind", "action", "deprecated"];
var COLUMNS = [...SPEC_COLUMNS, "conformanceTested", "tested", "conformanceIneligible", "custom"];
function register2(program3) {
  const cmd = program3.command("endpoints").description(
    "list every operation of a spec with its classification (level, group, version, category, kind, action, deprecated) its conformance (conformance tested, tested by any e2e test, why it is ineligible for conformance) and whether it is of a custom API (the CRDs and aggregated APIs of a spec a cluster served)"
  );
  addSpecSourceOptions(cmd);
  cmd.addHelpText(
    "after",
    "\nWithout --spec, --k8s-version or --from-cluster: the newest release shipped, said on stderr.\nConformance columns are empty (null, - in the table) where the data has no entry (watch*, custom APIs), with --conformance none, or for a spec that names no release (said on stderr)."
  ).option("--conformance <file|1.NN|auto|none>", "APISnoop coverage data, as analyze reads it; auto: the spec's release", named, "auto").option("--json", "a JSON array (the default is a tab-separated table)").action(async (o) => {
    const warn2 = (w) => process.stderr.write(`${terminalLine(`warning: ${w}`)}
`);
    const settings = { spec: o.spec, kubernetesVersion: o.k8sVersion, fromCluster: o.fromCluster, conformance: o.conformance, onWarning: warn2 };
    const spec = await primarySpec(settings);
    for (const w of specReleaseWarnings(settings, spec, "listing")) process.stderr.write(`${terminalLine(`warning: ${w}`)}
`);
    const misfit = specReleaseMisfit(spec);
    if (misfit) warn2(releaseMisfitText(void 0, spec, misfit, "listing"));
    for (const w of specWarnings(spec)) process.stderr.write(`${terminalLine(`warning: ${w}`)}
`);
    if (!o.spec && !o.k8sVersion && !o.fromCluster) {
      process.stderr.write(`warning: no --k8s-version, --spec or --from-cluster: listing Kubernetes ${spec.kubernetesVersion}, the newest release shipped
`);
    }
    if (conformanceWord(o.conformance) === "auto" && spec.versionFrom === "unknown") {
      warn2(`${noReleaseText(spec)}, so no conformance data is loaded and the conformance columns are empty; ${releaseFix(void 0)}, or the data with --conformance`);
    }
    const [conf, ineligible, later, deprecations] = await Promise.all([conformance(settings, spec), loadIneligible(), laterSpecs(settings, spec), loadDeprecations()]);
    const groups = apiGroups({ later, deprecations, earlier: earlierOperations(spec.kubernetesVersion) });
    const rows = spec.operations.map((op) => {
      const entry = conf?.endpoints.get(op.operationId);
      return {
        ...Object.fromEntries(SPEC_COLUMNS.map((c) => [c, op[c]])),
        conformanceTested: entry ? entry.conformanceTested : null,
        tested: entry ? entry.tested : null,
        // Kubernetes' rules, not the data: said with no data too, as report.json says it.
        conformanceIneligible: ineligible.get(op.operationId) ?? null,
        custom: groups.custom(pathShape(op.path).group)
      };
    });
    if (o.json) await writeChunks(process.stdout, [JSON.stringify(rows, null, 1) + "\n"]);
    else {
      const cell = (c, v) => v === null ? "-" : c === "group" && v === "" ? "core" : terminalLine(String(v).replaceAll("\\", "\\\\"));
      const lines = rows.map((r) => COLUMNS.map((c) => cell(c, r[c])).join("	") + "\n");
      await writeChunks(process.stdout, [COLUMNS.join("	") + "\n", ...lines]);
    }
  });
}

// src/cli/export.ts
import { stat as stat2, writeFile } from "node:fs/promises";
import path from "node:path";
function register3(program3) {
  program3.command("export").description("write one of the CSV exports of the original APISnoop from report.json files").usage("[options] <exporter>").addArgument(new Argument("[exporter]", "which export").choices(EXPORTERS)).requiredOption("--report <file...>", "report.json written by `apisnoop analyze` (.json or .json.gz; '-' for stdin); several for several apps", namedFiles).option("--name <name...>", "app name for each --report, in the same order (default: the report's app, else its first log's file name, else, for a log read from stdin or a pipe, the report's directory; a report piped in with - that names neither: stdin)").option("--out <file>", 'CSV file to write; stdout when absent or "-"', named).addHelpText(
    "after",
    [
      "",
      "Exporters:",
      ...EXPORTERS.map((e) => `  ${e.padEnd(22)} ${EXPORTER_DESCRIPTIONS[e]}`),
      "",
      "Examples:",
      "  apisnoop export app-usage-summary --report out/report.json",
      "  apisnoop export coverage-spreadsheet --report a/report.json b/report.json --name operator-a operator-b --out apps.csv"
    ].join("\n")
  ).action(async (exporter, opts, command) => {
    if (exporter === void 0) {
      const taken = [...opts.report, ...opts.name ?? []].find((v) => EXPORTERS.includes(v));
      if (taken === void 0) command.error("error: missing required argument 'exporter'");
      const option = opts.report.includes(taken) ? "--report" : "--name";
      command.error(`error: the exporter ${taken} was taken as a value of ${option}, which takes every value after it: give the exporter first (apisnoop export ${taken} --report \u2026)`);
    }
    if (opts.out !== void 0 && opts.out !== "-") await refuseOverwritingReport(opts.out, opts.report);
    const reports = await loadNamedReports(opts.report, opts.name);
    const mixed = mixedReleases(exporter, opts.report, reports);
    if (mixed) process.stderr.write(`${terminalLine(`warning: ${mixed}`)}
`);
    if (!opts.name) for (const w of repeatedReports(opts.report, reports)) process.stderr.write(`${terminalLine(`warning: ${w}`)}
`);
    if (opts.out === void 0 || opts.out === "-") {
      await writeChunks(process.stdout, csvChunks(exporter, reports));
    } else {
      const dir = path.dirname(opts.out);
      await makeDir(dir).catch((err) => {
        const why = err.code === "EEXIST" || err.code === "ENOTDIR" ? "a file is in the way" : err.code ?? err.message;
        throw new ReportFileError(`${opts.out}: cannot make its directory ${dir} (${why})`);
      });
      await writeFile(opts.out, renderCsv(exporter, reports)).catch((err) => {
        if (err.code === "EISDIR") throw new ReportFileError(`${opts.out}: a directory: --out takes the CSV file to write, such as ${path.join(opts.out, `${exporter}.csv`)}`);
        throw new ReportFileError(`${opts.out}: cannot write the CSV (${err.code ?? err.message})`);
      });
    }
  });
}
function repeatedReports(files, reports) {
  const seen = /* @__PURE__ */ new Map();
  const out = [];
  reports.forEach((r, i) => {
    const text = reportIdentity(r.report);
    const first = seen.get(text);
    if (first === void 0) seen.set(text, i);
    else out.push(`${files[i]} is the same report as ${files[first]}: shown twice, as ${reports[first].name} and ${r.name}`);
  });
  return out;
}
function mixedReleases(exporter, files, reports) {
  const releases = new Set(reports.map((r) => r.report.kubernetesVersion));
  if (releases.size < 2) return null;
  const each = reports.map((r, i) => `${shownName(files[i])}: ${r.report.kubernetesVersion}`).join(", ");
  return `the reports are against different Kubernetes releases (${each}): ` + (exporter === "coverage-spreadsheet" ? "each row's level and category come from the first report that has the operation, its conformance ineligible from the first report that knows it, and conforms and tested from the newest release whose conformance data knows it (true when any report of that release says so), so from that release" : "each app's rows are against its own release");
}
async function loadNamedReports(files, names) {
  if (names && names.length !== files.length) {
    throw new ReportFileError(`${names.length} --name for ${files.length} --report: give one name per report, in the same order`);
  }
  if (names) {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== void 0) throw new ReportFileError(`--name ${dup} is given twice: each report needs its own name`);
    const empty = names.findIndex((n) => n.trim() === "");
    if (empty >= 0) throw new ReportFileError(`--name number ${empty + 1} is empty`);
  }
  refuseStdinTwice(files, "--report -");
  const reports = await Promise.all(files.map((f) => f === "-" ? readStdinReport("--report -", "apisnoop analyze LOG --format json | apisnoop export \u2026") : readReportFile(f)));
  const taken = /* @__PURE__ */ new Set();
  return reports.map((report, i) => {
    const given = names?.[i] ?? defaultName(report, files[i]);
    let name = given;
    for (let n = 2; taken.has(name); n++) name = `${given} (${n})`;
    taken.add(name);
    return { name, report };
  });
}
async function refuseOverwritingReport(out, files) {
  const target = await stat2(out).catch(() => null);
  if (!target) return;
  for (const f of files) {
    const s = f === "-" ? null : await stat2(f).catch(() => null);
    if (s && s.dev === target.dev && s.ino === target.ino) {
      throw new ReportFileError(`--out ${out} is the report ${f}: the CSV would replace it; give another --out`);
    }
  }
}
function defaultName(report, file) {
  if (file === "-" && report.app === void 0 && report.inputs.every((i) => i === "" || i === "-" || i === STDIN_NAME)) return "stdin";
  return appName(report, file);
}

// src/cli/merge.ts
function register4(program3) {
  program3.command("merge").description("merge report.json files of shards or jobs: counts add up, sets union, the verdict is recomputed").argument("<reports...>", "report.json files (.json or .json.gz; '-' for one from stdin)", namedFiles).option("-o, --out <dir>", "write all report files in this directory, not - (default: print report.json to stdout)", named).option(
    "--fail-on <rules>",
    "policy for the merged verdict: alpha,beta,deprecated,removed, empty (any report selected no request), invalid (any report had invalid input) or none (default: the reports' own, every rule any of them fails on when they differ; repeatable); least privilege's verdicts stay the reports' own",
    collectRules
  ).option("--allow <list>", "operationIds, API groups or group/versions that never fail the merged verdict, or none (repeatable, comma- or space-separated; default: the reports' own, only what every one allows when they differ)", collectNamedWordsOrNone).option("-q, --quiet", "no warnings or summary on stderr (the problems of merged runs are still said)").action(async (files, o) => {
    const say2 = (line) => {
      if (!o.quiet) process.stderr.write(`${terminalLine(line)}
`);
    };
    const warn2 = (note) => say2(`warning: ${note}`);
    const allow = noneIsEmpty("--allow", "entries", o.allow);
    if (o.out !== void 0) refuseStdoutAsDir(o.out, "without --out, merge prints report.json to stdout");
    if (o.out) await refuseOutputOverInputs(o.out, files);
    refuseStdinTwice(files, "-");
    const pipe = "apisnoop analyze LOG --format json | apisnoop merge - other/report.json";
    const read = await readDistinctReports(files, warn2, (f) => f === "-" ? readStdinReport("-", pipe) : readReportFile(f));
    const reports = read.map((r) => r.report);
    const policy = { ...o.failOn !== void 0 ? { failOn: parseFailOn(o.failOn) } : {}, ...allow !== void 0 ? { allow } : {} };
    const merged = mergeReports(reports, policy, warn2, read.map((r) => r.file === STDIN_NAME ? void 0 : r.file));
    if (allow !== void 0) for (const w of await mergedAllowWarnings(allow, merged, "cli")) warn2(w);
    if (o.out) {
      const written = await writeReportFiles(merged, o.out);
      say2(wroteFiles(written, o.out));
    } else await writeChunks(process.stdout, reportJsonChunks(merged));
    for (const l of closingLines(merged)) say2(l);
    for (const c of merged.rbac ?? []) say2(rbacSummaryLine(c));
    const problems = merged.runNotes?.problems ?? [];
    for (const p of problems) process.stderr.write(`${terminalLine(`problem of a merged run: ${p}`)}
`);
    for (const p of uncheckedUnsaid(merged, problems)) process.stderr.write(`${terminalLine(`problem of a merged run: ${p}`)}
`);
    for (const n of merged.runNotes?.notices ?? []) warn2(n);
    process.exitCode = reportPasses(merged) && problems.length === 0 ? 0 : 1;
  });
}

// src/cli/rbac.ts
function summaryText(c) {
  const lines = [];
  const r = c.requests;
  const kept = keptUnaudited(c.granted);
  const all = withKept(c.observed, kept);
  const nRoles = all.roles.length;
  lines.push(
    `${c.identity.username}: ${plural(r.total, "request")}, ${r.denied} denied, ${r.allowedByDefault} allowed by default roles -> ${all.clusterRules.length} ClusterRole rule${all.clusterRules.length === 1 ? "" : "s"}, ${nRoles} Role${nRoles === 1 ? "" : "s"}${nRoles ? ` (${all.roles.map((x) => x.namespace).join(", ")})` : ""}` + (rulesCount(kept) > 0 ? `, with ${keptRulesText(rulesCount(kept))}` : "")
  );
  for (const u of r.unusable.slice(0, 5)) lines.push(`  unusable request ${u.auditID}: ${u.reason}`);
  if (r.unusable.length > 5) lines.push(`  and ${r.unusable.length - 5} more unusable requests (--format json lists them all)`);
  if (r.withoutResponse) lines.push(`  ${withoutResponseText(r.withoutResponse, IN_FLIGHT_LIMIT.rbac)}`);
  if (c.denied.length > 0) {
    lines.push(`denied (under-privilege):`);
    for (const g of c.denied) lines.push(`  ${g.count}x ${groupText(g)}${g.allowed ? ` (allowed ${g.allowed}x later or elsewhere in the log)` : ""}`);
  }
  const refused = r.refusedAfterAuthorization ?? [];
  if (refused.length > 0) {
    const n = refused.reduce((k, x) => k + x.count, 0);
    lines.push(`${n} request${n === 1 ? "" : "s"} ${REFUSED_AFTER_AUTHORIZATION} (403, not counted as denied):`);
    for (const x of refused) lines.push(`  ${x.count}x ${refusedText(x)}${x.hint ? `: ${x.hint}` : ""}`);
  }
  for (const x of r.refusedBeforeAuthorization ?? []) lines.push(`  ${x.count}x ${refusedText(x)}: ${x.hint ?? ""} (403, not counted as denied)`);
  const gr = c.granted;
  if (gr) {
    const bound = new Set(gr.roles.map((x) => refText(x.role)));
    const from = gr.sources.length <= 2 ? gr.sources.join(", ") : `${gr.sources.length} manifest files (${gr.sources[0]}, \u2026)`;
    lines.push(`granted by ${from}: ${bound.size} role${bound.size === 1 ? "" : "s"} bound to ${c.identity.username} (wildcards expanded against Kubernetes ${gr.spec.kubernetesVersion})`);
    for (const u of gr.roles) {
      lines.push(`  ${refText(u.role)} via ${refText(u.binding)}: ${roleUsageText(u, " (NEVER USED)")}`);
    }
    if (gr.overGrants.length > 0) {
      lines.push(`over-privilege, riskiest first (${gr.overGrants.length}):`);
      gr.overGrants.forEach((o, i) => {
        const via = o.aggregatedFrom ? ` aggregated from ${refText(o.aggregatedFrom)}` : "";
        lines.push(`  ${i + 1}. [${o.risk}] ${o.role.kind} ${o.role.name}${via} via ${o.binding.kind} ${o.binding.name}: ${ruleText(o.rule)}`);
        lines.push(`     ${o.why}`);
      });
    } else if (gr.unresolved.length > 0) {
      const n = gr.unresolved.length;
      lines.push(`over-privilege: none in the roles the manifests hold; ${bindingsToRolesText(n)} they do not hold cannot be judged (unresolved, below)`);
    } else if (gr.roles.length === 0) lines.push("over-privilege: none: the manifests bind no role to it");
    else {
      const unaudited = gr.unauditedResources?.length ?? 0;
      lines.push(unaudited > 0 ? `over-privilege: none, every granted permission judged was used; ${unauditedRulesText(unaudited)} (below)` : "over-privilege: none, every granted permission was used");
    }
    for (const g of gr.ungranted) lines.push(`not granted by the manifests: ${g.count}x ${groupText(g)}`);
    for (const u of gr.unresolved) lines.push(`unresolved: ${refText(u.binding)} refers to ${u.roleRef.kind} ${u.roleRef.name}, not in the manifests: its rules are unknown`);
    for (const a of gr.aggregateTo) lines.push(`note: ${refText(a.clusterRole)} aggregates into ${a.into.join(", ")}: everyone holding those roles gets its rules`);
    for (const a of gr.aggregations) {
      lines.push(
        a.served ? `note: ${refText(a.clusterRole)} is aggregated: its rules are taken as the API server served them (the aggregation controller's)` : `note: ${refText(a.clusterRole)} aggregates ${a.aggregates.length ? a.aggregates.join(", ") : "no ClusterRole of the manifests"} (plus any matching ClusterRole in the cluster)`
      );
    }
    for (const x of gr.unknownResources) lines.push(`note: ${refText(x.role)} names ${x.resources.join(", ")}, ${unknownText(gr.spec.kubernetesVersion)}`);
    for (const x of gr.unservedGroups ?? []) {
      lines.push(`note: ${refText(x.role)}: ${ruleText(x.rule)} names ${x.groups.join(", ")}, ${unservedText(x.groups, gr.spec.kubernetesVersion)}`);
    }
    for (const x of gr.unservedResources ?? []) {
      lines.push(`note: ${refText(x.role)}: ${ruleText(x.rule)} names ${x.resources.join(", ")}, ${unservedText(x.resources, gr.spec.kubernetesVersion, "resource")}`);
    }
    for (const x of gr.unauditedResources ?? []) lines.push(`note: ${refText(x.role)}: ${ruleText(x.rule)} names ${x.resources.join(", ")}, ${UNAUDITED_TEXT}`);
    for (const x of gr.ineffective) lines.push(`note: ${refText(x.binding)} grants ${x.resources.join(", ")} from ${refText(x.role)}, which a RoleBinding cannot grant`);
    if (gr.unbound.length > 0) lines.push(`not bound to ${c.identity.username}: ${gr.unbound.map((u) => refText(u)).join("; ")}`);
  }
  if (c.verdict) {
    for (const why of c.verdict.cannotJudge ?? []) lines.push(why);
    const unjudged = (c.verdict.cannotJudge ?? []).length;
    lines.push(`${c.verdict.pass ? "PASS" : "FAIL"}: ${plural(c.verdict.overGrants, "over-grant")} (threshold ${c.verdict.threshold})${unjudged ? `; ${bindingsToRolesText(unjudged)} not given, which cannot be judged` : ""}`);
  }
  return lines.map(terminalLine).join("\n") + "\n";
}
var oneIdentity = (option) => oneValue(option, "rbac derives the RBAC of one identity; run it once for each");
var nonNegativeInt2 = (v) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError("not a whole number >= 0");
  return Number(v);
};
function parseRbacFailOn(text) {
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 1 && words[0].toLowerCase() === "none") return [];
  const bad = words.filter((w) => w.toLowerCase() !== "overprivileged");
  if (bad.length > 0 || words.length === 0) throw new InvalidArgumentError(`unknown rule ${bad.map((b) => `"${b}"`).join(", ") || '""'} (use overprivileged or none)`);
  return ["overprivileged"];
}
function register5(program3) {
  program3.command("rbac").description("derive least-privilege RBAC for one identity from the audit log; with --granted, report what the manifests grant it but it never used, and what it was denied").argument("<logs...>", "audit log files or directories: JSON lines of audit events, or the records of CloudWatch, Azure Monitor, container logs, Loki, Elasticsearch or Splunk; plain, .gz or .zst; '-' for stdin", namedFiles).option("--serviceaccount <ns:name>", "the identity: a service account", oneIdentity("--serviceaccount")).option("--user <name>", "the identity: a user (impersonated users count as themselves)", oneIdentity("--user")).option("--granted <manifests>", "RBAC the app is granted: YAML/JSON manifests, `helm template` output, directories, '-' for stdin (repeatable)", collectNamed).option("--release-namespace <ns>", "namespace of Roles/RoleBindings that name none (default: the service account namespace, else default)", named).option("--spec <file>", "OpenAPI v2 spec to expand wildcards against (JSON or YAML; plain, .gz or .zst)", oneSpec).option("--k8s-version <1.NN>", "Kubernetes release to expand wildcards against (default: the newest shipped)", named).addOption(new Option("--format <format>", "stdout: yaml (kubectl-applicable Roles/ClusterRoles and bindings) or json (the whole comparison)").choices(["yaml", "json"]).default("yaml")).option("--no-bindings", "print the Roles and ClusterRoles without their bindings").option("--include-defaults", "derive rules for what the cluster's default roles already allow (discovery, self reviews)").option("--max-resource-names <n>", "restrict a rule to resourceNames when the identity used at most this many names (0: never)", nonNegativeInt2, DEFAULT_MAX_RESOURCE_NAMES).option("--fail-on <rules>", "overprivileged: exit 1 when over-grants exceed --threshold (needs --granted); none", parseRbacFailOn).option("--threshold <n>", "over-grants tolerated by --fail-on overprivileged", nonNegativeInt2, 0).option("-q, --quiet", "no summary or warnings on stderr").addHelpText(
    "after",
    "\nExamples:\n  apisnoop rbac audit.log --serviceaccount shop:operator > rbac.yaml && kubectl apply --dry-run=client -f rbac.yaml\n  helm template shop ./chart -n shop | apisnoop rbac audit.log --serviceaccount shop:operator --granted - --fail-on overprivileged\n\nA 403 whose audit event says the authorizer allowed the verb (authorization.k8s.io/decision: allow) is not counted as denied: it is\nlisted as allowed by the authorizer, then refused, by admission (PodSecurity, quota, webhooks) or a further permission check\n(create for a patch or PUT that creates, bind or escalate for RBAC writes); no rule is derived for what it may lack.\n\nExit codes: 0 done (or the policy passed), 1 --fail-on overprivileged failed, 2 bad usage, unreadable input, no requests by the identity,\nor --fail-on overprivileged with no RBAC objects in --granted (a helm template that failed writes none)."
  ).action(async (logs, o, command) => {
    const say2 = (msg) => {
      if (!o.quiet) process.stderr.write(terminalLine(msg) + "\n");
    };
    identityOf({ serviceAccount: o.serviceaccount, user: o.user });
    if ((o.failOn ?? []).length > 0 && !(o.granted && o.granted.length > 0)) throw new InputError("--fail-on overprivileged needs --granted manifests to compare with");
    if (command.getOptionValueSource("threshold") === "cli" && (o.failOn ?? []).length === 0) {
      say2(`warning: --threshold ${o.threshold} does nothing without --fail-on overprivileged: the over-grants are reported, not judged, and the exit code is 0 whatever they are`);
    }
    if (!(o.granted && o.granted.length > 0)) {
      const unread = [
        ["spec", "--spec"],
        ["k8sVersion", "--k8s-version"],
        ["releaseNamespace", "--release-namespace"]
      ].filter(([key]) => command.getOptionValueSource(key) === "cli");
      for (const [, flag] of unread) {
        say2(`warning: ${flag} does nothing without --granted: it is read only to compare with the manifests; the derived roles name what the log shows`);
      }
    }
    let invalidShown = 0;
    const c = await rbacFromLogs({
      logs,
      serviceAccount: o.serviceaccount,
      user: o.user,
      granted: o.granted,
      releaseNamespace: o.releaseNamespace,
      spec: o.spec,
      kubernetesVersion: o.k8sVersion,
      maxResourceNames: o.maxResourceNames,
      includeDefaults: o.includeDefaults,
      failOn: o.failOn ?? [],
      threshold: o.threshold,
      requireRbacObjects: true,
      onInvalid: (file, line, message) => {
        if (invalidShown++ < 5) say2(`warning: ${file}:${line}: ${message}`);
      },
      onWarning: (w) => say2(`warning: ${w}`)
    });
    if (invalidShown > 5) say2(`warning: ${invalidShown} invalid lines in all`);
    await writeChunks(process.stdout, [o.format === "json" ? JSON.stringify(c, null, 2) + "\n" : observedYaml(c, { bindings: o.bindings, inFlightLimit: IN_FLIGHT_LIMIT.rbac })]);
    if (!o.quiet) process.stderr.write(summaryText(c));
    process.exitCode = c.verdict && !c.verdict.pass ? 1 : 0;
  });
}

// src/cli/required-options.ts
function checkRequiredLast(program3) {
  for (const cmd of program3.commands) {
    const required = cmd.options.filter((o) => o.mandatory);
    if (required.length === 0) continue;
    for (const o of required) o.makeOptionMandatory(false);
    cmd.hook("preAction", () => {
      const missing = required.find((o) => cmd.getOptionValue(o.attributeName()) === void 0);
      if (missing) cmd.error(`error: required option '${missing.flags}' not specified`, { code: "commander.missingMandatoryOptionValue" });
    });
  }
}

// src/cli/serve.ts
import { existsSync } from "node:fs";
import path2 from "node:path";
var dbOption = () => new Option("--db <file>", "the store (SQLite)").argParser(named).default(defaultDbPath(), "$XDG_DATA_HOME/apisnoop/apisnoop.db or ~/.local/share/apisnoop/apisnoop.db");
var say = (msg) => process.stdout.write(`${terminalLine(msg)}
`);
var warn = stderrLine();
var openAsIs = (db) => Store.openLoaded(db) ?? Store.open(":memory:");
function openExisting(db, tell = say) {
  if (!existsSync(db)) {
    tell(`No apps yet: ${db} does not exist. Load one with: ${loadAuditCommand("LOG --app NAME", namedDb(db))}`);
    return null;
  }
  return openAsIs(db);
}
function supersededText(result) {
  const none = new Set(result.selectedNone.map((r) => r.id));
  const covered = result.superseded.filter((r) => !none.has(r.id));
  const sentences = [];
  if (covered.length > 0) {
    const files = new Set(covered.flatMap((r) => r.inputs)).size;
    const its = covered.length === 1 ? "its" : "their";
    sentences.push(`${replacedRuns(covered)}: ${files === 1 ? "that log is" : "those logs are"} among these, grown or rotated since, so ${its} requests are not counted twice.`);
  }
  if (none.size > 0) {
    const it = none.size === 1 ? "it" : "they";
    sentences.push(`${replacedRuns(result.selectedNone)}: ${it} selected no request, so nothing of the app's coverage is lost.`);
  }
  return sentences.length === 0 ? "" : `. ${sentences.join(" ")}`;
}
function replacedRuns(runs) {
  const each = runs.map((r) => `${r.id} (${plural(r.requests, "request")} of ${r.inputs.join(", ")}, loaded ${r.loadedAt})`);
  return `It replaced run${runs.length === 1 ? "" : "s"} ${each.join(", ")}`;
}
function alreadyLoaded(result) {
  const app = JSON.stringify(result.app);
  const previous = result.previous;
  if (result.status === "unchanged" && previous && previous.contentHash !== result.contentHash) {
    const from = previous.inputs.join(", ");
    return `Already loaded: ${app} has the same requests as run ${result.run.id} since ${previous.loadedAt}${from ? `, read from ${from}` : ""} (these logs hold them in other bytes: a compressed copy?)`;
  }
  return `Already loaded: ${app} has these logs (sha256 ${result.contentHash.slice(0, 12)}\u2026) as run ${result.run.id} since ${previous?.loadedAt ?? "?"}`;
}
function registerLoad(program3) {
  const cmd = program3.command("load-audit").description("analyze audit logs and keep the result in the store as a run of an app (the same logs loaded again replace their run when the result differs, else nothing changes)").argument("<logs...>", "audit log files or directories: JSON lines of audit events, or the records of CloudWatch, Azure Monitor, container logs, Loki, Elasticsearch or Splunk; plain, .gz or .zst", namedPaths).requiredOption("--app <name>", "the app these logs belong to (e2e for an e2e/conformance run); at most 200 characters, no commas");
  addSpecOptions(cmd);
  addSelectionOptions(cmd);
  addPolicyOptions(cmd);
  cmd.addOption(dbOption()).option("-q, --quiet", "no warnings on stderr").addHelpText(
    "after",
    "\nExamples:\n  apisnoop load-audit audit.log --app my-operator --k8s-version 1.34 --serviceaccount my-ns:my-operator\n  apisnoop load-audit e2e-audit.log.gz --app e2e --e2e --k8s-version 1.34\n\nA run is identified by the sha256 of the log contents: loading the same logs again for the same app\nreplaces that run when the result differs (else nothing changes) instead of counting its requests twice;\nso does a load whose files include every file of an earlier run (the log grew, or was rotated beside)\nwhen its requests span those of that run, first to last, or that run selected no request;\nelse that run is kept beside it, with a warning.\n\nExit codes, as analyze's: 0 the run's verdict passed, 1 it failed (the run is stored all the same),\n  2 bad usage or nothing usable read (nothing stored)."
  ).action(async (logs, o) => {
    let invalidShown = 0;
    const { loadAudit, NothingReadError } = await import("./load-RC7YKXL3.js");
    const onWarning = (w) => !o.quiet && warn(`warning: ${w}`);
    const settings = settingsFrom(logs, o, onWarning);
    let opened = existsSync(o.db) ? Store.open(o.db) : void 0;
    const store = () => opened ??= Store.open(o.db);
    try {
      const result = await loadAudit(store, o.app, {
        ...settings,
        onWarning,
        onInvalid: (l) => {
          if (!o.quiet && invalidShown++ < 5) warn(`warning: ${l.file}:${l.line}: ${l.message}`);
        },
        onProgress: o.quiet ? void 0 : progressReporter()
      });
      if (!o.quiet) endProgress();
      const s = result.report.summary;
      const what = `${plural(s.requests, "request")}, ${s.selected} selected, ${s.stable} stable / ${s.beta} beta / ${s.alpha} alpha operations (Kubernetes ${result.report.kubernetesVersion})`;
      const superseded = supersededText(result);
      if (result.status === "added") say(`Loaded ${JSON.stringify(result.app)}: run ${result.run.id}, ${what}, into ${store().file}${superseded}`);
      else if (result.status === "replaced") say(`${alreadyLoaded(result)}; replaced that run with the new analysis (${what}), not counted twice${superseded || "."}`);
      else say(`${alreadyLoaded(result)}, with the same result; nothing changed.`);
      const unselected = nothingJudged(result.report);
      if (unselected && !o.quiet) warn(`warning: ${unselected}`);
      if (!reportPasses(result.report)) {
        if (!o.quiet) for (const l of closingLines(result.report)) warn(l);
        process.exitCode = 1;
      }
    } catch (err) {
      if (!(err instanceof NothingReadError)) throw err;
      warn(`apisnoop: ${err.message}`);
      process.exitCode = 2;
    } finally {
      opened?.close();
    }
  });
}
function registerApps(program3) {
  program3.command("apps").description("list the apps in the store with their runs and endpoint counts").addOption(dbOption()).option("--json", "print the list as JSON (the /api/apps shape)").action((o) => {
    const store = openExisting(o.db, o.json ? warn : say);
    if (!store) {
      if (o.json) say("[]");
      return;
    }
    try {
      const apps = store.apps();
      if (o.json) {
        process.stdout.write(`${JSON.stringify(apps, null, 2)}
`);
        return;
      }
      if (apps.length === 0) {
        say(`No apps in ${path2.resolve(o.db)}. Load one with: ${loadAuditCommand("LOG --app NAME", namedDb(o.db))}`);
        return;
      }
      const rows = [
        ["APP", "RUNS", "K8S", "SELECTED", "READ", "STABLE", "BETA", "ALPHA", "VERDICT", "LOADED"],
        ...apps.map((a) => [
          a.e2e ? `${a.name} (e2e)` : a.name,
          String(a.runs),
          a.kubernetesVersion || "-",
          // The requests its selection kept, then all its logs held: each app of one cluster's log read all of it.
          String(a.selected),
          String(a.requests),
          String(a.byLevel.stable),
          String(a.byLevel.beta),
          String(a.byLevel.alpha),
          a.problem !== void 0 ? "damaged" : a.pass ? "pass" : "fail",
          // The store keeps UTC (toISOString): said so, or it read as the local time.
          a.loadedAt ? `${a.loadedAt.slice(0, 16).replace("T", " ")} UTC` : "-"
        ])
      ];
      const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
      for (const r of rows) say(r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
      for (const a of apps) if (a.problem !== void 0) warn(`warning: ${a.problem}`);
    } finally {
      store.close();
    }
  });
}
function registerRemove(program3) {
  program3.command("remove-audit").description("remove an app and all its runs from the store").argument("<name>", "the app to remove").addOption(dbOption()).action((name, o) => {
    if (!existsSync(o.db)) {
      warn(`apisnoop: no app named ${JSON.stringify(name)}: ${o.db} does not exist`);
      process.exitCode = 2;
      return;
    }
    const store = openAsIs(o.db);
    const file = path2.resolve(o.db);
    try {
      const { runs: removed, walBusy } = store.removeApp(name);
      if (removed === 0) {
        const known = store.appNames();
        warn(`apisnoop: no app named ${JSON.stringify(name)} in ${file}${known.length > 0 ? ` (apps: ${known.join(", ")})` : ""}`);
        process.exitCode = 2;
        return;
      }
      say(`Removed ${JSON.stringify(name)} and its ${removed} run${removed === 1 ? "" : "s"} from ${file}`);
      if (walBusy) {
        warn(`apisnoop: warning: ${walBusyWarning(file, `what ${JSON.stringify(name)}'s reports said`)}`);
      }
    } finally {
      store.close();
    }
  });
}
function registerServe(program3) {
  program3.command("serve").description("serve the web view of the stored apps: sunburst, endpoint table, comparison, conformance").option("-p, --port <port>", "port to listen on (0: any free port)", (v) => {
    const n = Number(named(v));
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port ${v}: not a port number (0-65535)`);
    return n;
  }, 9090).option("--host <address>", "address to bind; anything but loopback exposes the data to the network", named, "127.0.0.1").addOption(dbOption()).addHelpText("after", "\nAPI: GET /api/apps, GET /api/apps/NAME, GET /api/coverage?apps=a,b (read-only). Stop with Ctrl-C.").action(async (o) => {
    const db = namedDb(o.db);
    const exists = existsSync(o.db);
    if (!exists) {
      say(`No apps yet: ${o.db} does not exist (serve creates nothing). Load one with: ${loadAuditCommand("LOG --app NAME", db)}, then reload the page.`);
    }
    let started = false;
    const store = storeWhenLoaded(o.db, (s) => started && say(`${s.file} is there now: serving it`));
    const current = exists ? store.current() : void 0;
    const initial = current && current.file !== ":memory:" ? current : void 0;
    started = true;
    const { startServer } = await import("./server-YO6XBEPM.js");
    const running = await startServer({ store: () => store.current(), db, host: o.host, port: o.port });
    if (!isLoopback(o.host)) {
      warn(`warning: listening on ${o.host}: anyone who can reach this address can read the stored reports`);
    }
    const apps = initial ? initial.appNames() : [];
    say(`APISnoop serving ${apps.length} app${apps.length === 1 ? "" : "s"} from ${initial ? initial.file : "no database"} at ${running.url}`);
    await new Promise((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void running.close().finally(() => {
          store.close();
          resolve();
        });
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
  });
}
function register6(program3) {
  registerLoad(program3);
  registerApps(program3);
  registerRemove(program3);
  registerServe(program3);
  for (const name of ["load-audit", "apps", "remove-audit", "serve"]) {
    program3.commands.find((c) => c.name() === name).hook("preAction", () => void sqliteModule());
  }
}

// src/cli.ts
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") return;
    if (stream === process.stdout) process.stderr.write(`apisnoop: cannot write to stdout (${err.code ?? err.message}): what was written is cut short
`);
    process.exit(2);
  });
}
var program2 = new Command();
program2.name("apisnoop").description("What a Kubernetes API consumer really calls: audit log -> OpenAPI operations -> coverage, verdict, reports.").version(VERSION).showHelpAfterError("(add --help for usage)").configureHelp({ subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}`.trimEnd() }).exitOverride();
register(program2);
register2(program2);
register4(program2);
register5(program2);
register3(program2);
register6(program2);
checkRequiredLast(program2);
try {
  await program2.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  process.stderr.write(`${terminalText(`apisnoop: ${err instanceof Error ? err.message : String(err)}`)}
`);
  process.exit(2);
}
