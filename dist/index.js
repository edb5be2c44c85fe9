import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  IdentityRequests,
  checkMaxChars,
  fixed,
  footer,
  isObject,
  kapicServiceAccounts,
  layout,
  leastPrivilegeManifest,
  markdownTable,
  mergedAllowWarnings,
  oncePerMessage,
  rbacForIdentities,
  readDistinctReportFiles,
  readManifests,
  renderMarkdown,
  reportParts,
  ruleText,
  runFailed,
  runNotesBlock,
  runNotesParts,
  writeReportFiles
} from "./chunks/chunk-BCMRIDXS.js";
import {
  AUDIT_LOG_DIR_IN_NODE,
  NODE_IMAGES,
  buildKindConfig,
  clusterExists,
  controlPlaneContainer,
  createCluster,
  endWarnings,
  imageKubernetesVersion,
  isClusterName,
  kindCannotRun,
  loadImages,
  logFailed,
  logInfo,
  logWarning,
  noPinnedImage,
  nodeImageFor,
  readKindTemplate,
  runCommand,
  saidLast,
  saveClusterState,
  startWarnings
} from "./chunks/chunk-MSKFOYGQ.js";
import "./chunks/chunk-RDNMAGYF.js";
import {
  getOctokit
} from "./chunks/chunk-K4PZY2B4.js";
import {
  HttpClient,
  cp,
  debug,
  exec,
  getInput,
  group,
  info,
  isDebug,
  mkdirP,
  rmRF,
  setOutput,
  setSecret,
  summary,
  which
} from "./chunks/chunk-2XO2R4UN.js";
import {
  analyzeLogs,
  releaseNotAfter
} from "./chunks/chunk-K3FCDBPE.js";
import {
  READ_TIMEOUT_MS,
  REQUEST_TIMEOUT,
  timedOutText
} from "./chunks/chunk-UMDFYM2V.js";
import {
  isVersion,
  loadConformanceVersion,
  loadSpecFile,
  loadSpecVersion,
  shippedRelease,
  wildcardHint
} from "./chunks/chunk-MGW7ATYX.js";
import {
  dump,
  load
} from "./chunks/chunk-MJIIZJVB.js";
import "./chunks/chunk-Y6XTGB7K.js";
import {
  terminalLine
} from "./chunks/chunk-DFFE3E7Q.js";
import {
  BUILTIN_CLUSTER_ROLES,
  identityText,
  mergeReports
} from "./chunks/chunk-ZOHRZ7ZL.js";
import {
  VIOLATION_RULE_ORDER,
  allowToPass,
  clip,
  compareReleases,
  compareText,
  htmlText,
  mdLink,
  mdText,
  plural,
  violatingOperations
} from "./chunks/chunk-KXHPS7ST.js";
import {
  FailOnError,
  cmp,
  invalidListedText,
  invalidReason,
  makeDir,
  noneAsEmpty,
  nothingJudged,
  operationKey,
  parseFailOn,
  runFailureHeadline
} from "./chunks/chunk-SCAZIKRH.js";
import {
  DEFAULT_SELECTION,
  DNS_LABEL,
  LEAST_PRIVILEGE_UNCHECKED,
  effectiveUser,
  globMatcher,
  grouped,
  isNamespaceName,
  leftOutText,
  minorOf,
  minorVersion,
  notesBesideVerdict,
  reportPasses,
  reportTitle,
  requestFilter,
  requestIdentities,
  rulesOf,
  serviceAccountUser,
  uncheckedLeastPrivilege,
  uncheckedUnsaid,
  violationLine
} from "./chunks/chunk-QJAYF2D5.js";
import {
  __commonJS,
  __toESM
} from "./chunks/chunk-IP4P774H.js";

// node_modules/semver/internal/constants.js
var require_constants = __commonJS({
  "node_modules/semver/internal/constants.js"(exports, module) {
    "use strict";
    var SEMVER_SPEC_VERSION = "2.0.0";
    var MAX_LENGTH = 256;
    var MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER || /* istanbul ignore next */
    9007199254740991;
    var MAX_SAFE_COMPONENT_LENGTH = 16;
    var MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6;
    var WHITESPACE_CHARACTERS = [
      "	",
      "\n",
      "\v",
      "\f",
      "\r",
      " ",
      "\xA0",
      "\u1680",
      "\u2000",
      "\u2001",
      "\u2002",
      "\u2003",
      "\u2004",
      "\u2005",
      "\u2006",
      "\u2007",
      "\u2008",
      "\u2009",
      "\u200A",
      "\u2028",
      "\u2029",
      "\u202F",
      "\u205F",
      "\u3000",
      "\uFEFF"
    ];
    var RELEASE_TYPES = [
      "major",
      "premajor",
      "minor",
      "preminor",
      "patch",
      "prepatch",
      "prerelease"
    ];
    module.exports = {
      MAX_LENGTH,
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_SAFE_INTEGER,
      WHITESPACE_CHARACTERS,
      RELEASE_TYPES,
      SEMVER_SPEC_VERSION,
      FLAG_INCLUDE_PRERELEASE: 1,
      FLAG_LOOSE: 2
    };
  }
});

// node_modules/semver/internal/debug.js
var require_debug = __commonJS({
  "node_modules/semver/internal/debug.js"(exports, module) {
    "use strict";
    var debug2 = typeof process === "object" && process.env && process.env.NODE_DEBUG && /\bsemver\b/i.test(process.env.NODE_DEBUG) ? (...args) => console.error("SEMVER", ...args) : () => {
    };
    module.exports = debug2;
  }
});

// node_modules/semver/internal/re.js
var require_re = __commonJS({
  "node_modules/semver/internal/re.js"(exports, module) {
    "use strict";
    var {
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_LENGTH
    } = require_constants();
    var debug2 = require_debug();
    exports = module.exports = {};
    var re = exports.re = [];
    var safeRe = exports.safeRe = [];
    var src = exports.src = [];
    var safeSrc = exports.safeSrc = [];
    var t = exports.t = {};
    var R = 0;
    var LETTERDASHNUMBER = "[a-zA-Z0-9-]";
    var safeRegexReplacements = [
      ["\\s", 1],
      ["\\d", MAX_LENGTH],
      [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH]
    ];
    var makeSafeRegex = (value) => {
      for (const [token, max] of safeRegexReplacements) {
        value = value.split(`${token}*`).join(`${token}{0,${max}}`).split(`${token}+`).join(`${token}{1,${max}}`);
      }
      return value;
    };
    var createToken = (name, value, isGlobal) => {
      const safe = makeSafeRegex(value);
      const index = R++;
      debug2(name, index, value);
      t[name] = index;
      src[index] = value;
      safeSrc[index] = safe;
      re[index] = new RegExp(value, isGlobal ? "g" : void 0);
      safeRe[index] = new RegExp(safe, isGlobal ? "g" : void 0);
    };
    createToken("NUMERICIDENTIFIER", "0|[1-9]\\d*");
    createToken("NUMERICIDENTIFIERLOOSE", "\\d+");
    createToken("NONNUMERICIDENTIFIER", `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`);
    createToken("MAINVERSION", `(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})`);
    createToken("MAINVERSIONLOOSE", `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASEIDENTIFIER", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIER]})`);
    createToken("PRERELEASEIDENTIFIERLOOSE", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASE", `(?:-(${src[t.PRERELEASEIDENTIFIER]}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`);
    createToken("PRERELEASELOOSE", `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`);
    createToken("BUILDIDENTIFIER", `${LETTERDASHNUMBER}+`);
    createToken("BUILD", `(?:\\+(${src[t.BUILDIDENTIFIER]}(?:\\.${src[t.BUILDIDENTIFIER]})*))`);
    createToken("FULLPLAIN", `v?${src[t.MAINVERSION]}${src[t.PRERELEASE]}?${src[t.BUILD]}?`);
    createToken("FULL", `^${src[t.FULLPLAIN]}$`);
    createToken("LOOSEPLAIN", `[v=\\s]*${src[t.MAINVERSIONLOOSE]}${src[t.PRERELEASELOOSE]}?${src[t.BUILD]}?`);
    createToken("LOOSE", `^${src[t.LOOSEPLAIN]}$`);
    createToken("GTLT", "((?:<|>)?=?)");
    createToken("XRANGEIDENTIFIERLOOSE", `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`);
    createToken("XRANGEIDENTIFIER", `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`);
    createToken("XRANGEPLAIN", `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:${src[t.PRERELEASE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGEPLAINLOOSE", `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:${src[t.PRERELEASELOOSE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`);
    createToken("XRANGELOOSE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COERCEPLAIN", `${"(^|[^\\d])(\\d{1,"}${MAX_SAFE_COMPONENT_LENGTH}})(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`);
    createToken("COERCE", `${src[t.COERCEPLAIN]}(?:$|[^\\d])`);
    createToken("COERCEFULL", src[t.COERCEPLAIN] + `(?:${src[t.PRERELEASE]})?(?:${src[t.BUILD]})?(?:$|[^\\d])`);
    createToken("COERCERTL", src[t.COERCE], true);
    createToken("COERCERTLFULL", src[t.COERCEFULL], true);
    createToken("LONETILDE", "(?:~>?)");
    createToken("TILDETRIM", `(\\s*)${src[t.LONETILDE]}\\s+`, true);
    exports.tildeTrimReplace = "$1~";
    createToken("TILDE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`);
    createToken("TILDELOOSE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("LONECARET", "(?:\\^)");
    createToken("CARETTRIM", `(\\s*)${src[t.LONECARET]}\\s+`, true);
    exports.caretTrimReplace = "$1^";
    createToken("CARET", `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`);
    createToken("CARETLOOSE", `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COMPARATORLOOSE", `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`);
    createToken("COMPARATOR", `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`);
    createToken("COMPARATORTRIM", `(\\s*)${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true);
    exports.comparatorTrimReplace = "$1$2$3";
    createToken("HYPHENRANGE", `^\\s*(${src[t.XRANGEPLAIN]})\\s+-\\s+(${src[t.XRANGEPLAIN]})\\s*$`);
    createToken("HYPHENRANGELOOSE", `^\\s*(${src[t.XRANGEPLAINLOOSE]})\\s+-\\s+(${src[t.XRANGEPLAINLOOSE]})\\s*$`);
    createToken("STAR", "(<|>)?=?\\s*\\*");
    createToken("GTE0", "^\\s*>=\\s*0\\.0\\.0\\s*$");
    createToken("GTE0PRE", "^\\s*>=\\s*0\\.0\\.0-0\\s*$");
  }
});

// node_modules/semver/internal/parse-options.js
var require_parse_options = __commonJS({
  "node_modules/semver/internal/parse-options.js"(exports, module) {
    "use strict";
    var looseOption = Object.freeze({ loose: true });
    var emptyOpts = Object.freeze({});
    var parseOptions = (options) => {
      if (!options) {
        return emptyOpts;
      }
      if (typeof options !== "object") {
        return looseOption;
      }
      return options;
    };
    module.exports = parseOptions;
  }
});

// node_modules/semver/internal/identifiers.js
var require_identifiers = __commonJS({
  "node_modules/semver/internal/identifiers.js"(exports, module) {
    "use strict";
    var numeric = /^[0-9]+$/;
    var compareIdentifiers = (a, b) => {
      if (typeof a === "number" && typeof b === "number") {
        return a === b ? 0 : a < b ? -1 : 1;
      }
      const anum = numeric.test(a);
      const bnum = numeric.test(b);
      if (anum && bnum) {
        a = +a;
        b = +b;
      }
      return a === b ? 0 : anum && !bnum ? -1 : bnum && !anum ? 1 : a < b ? -1 : 1;
    };
    var rcompareIdentifiers = (a, b) => compareIdentifiers(b, a);
    module.exports = {
      compareIdentifiers,
      rcompareIdentifiers
    };
  }
});

// node_modules/semver/classes/semver.js
var require_semver = __commonJS({
  "node_modules/semver/classes/semver.js"(exports, module) {
    "use strict";
    var debug2 = require_debug();
    var { MAX_LENGTH, MAX_SAFE_INTEGER } = require_constants();
    var { safeRe: re, t } = require_re();
    var parseOptions = require_parse_options();
    var { compareIdentifiers } = require_identifiers();
    var isPrereleaseIdentifier = (prerelease, identifier) => {
      const identifiers = identifier.split(".");
      if (identifiers.length > prerelease.length) {
        return false;
      }
      for (let i = 0; i < identifiers.length; i++) {
        if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
          return false;
        }
      }
      return true;
    };
    var SemVer = class _SemVer {
      constructor(version, options) {
        options = parseOptions(options);
        if (version instanceof _SemVer) {
          if (version.loose === !!options.loose && version.includePrerelease === !!options.includePrerelease) {
            return version;
          } else {
            version = version.version;
          }
        } else if (typeof version !== "string") {
          throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`);
        }
        if (version.length > MAX_LENGTH) {
          throw new TypeError(
            `version is longer than ${MAX_LENGTH} characters`
          );
        }
        debug2("SemVer", version, options);
        this.options = options;
        this.loose = !!options.loose;
        this.includePrerelease = !!options.includePrerelease;
        const m = version.trim().match(options.loose ? re[t.LOOSE] : re[t.FULL]);
        if (!m) {
          throw new TypeError(`Invalid Version: ${version}`);
        }
        this.raw = version;
        this.major = +m[1];
        this.minor = +m[2];
        this.patch = +m[3];
        if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
          throw new TypeError("Invalid major version");
        }
        if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
          throw new TypeError("Invalid minor version");
        }
        if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
          throw new TypeError("Invalid patch version");
        }
        if (!m[4]) {
          this.prerelease = [];
        } else {
          this.prerelease = m[4].split(".").map((id) => {
            if (/^[0-9]+$/.test(id)) {
              const num = +id;
              if (num >= 0 && num < MAX_SAFE_INTEGER) {
                return num;
              }
            }
            return id;
          });
        }
        this.build = m[5] ? m[5].split(".") : [];
        this.format();
      }
      format() {
        this.version = `${this.major}.${this.minor}.${this.patch}`;
        if (this.prerelease.length) {
          this.version += `-${this.prerelease.join(".")}`;
        }
        return this.version;
      }
      toString() {
        return this.version;
      }
      compare(other) {
        debug2("SemVer.compare", this.version, this.options, other);
        if (!(other instanceof _SemVer)) {
          if (typeof other === "string" && other === this.version) {
            return 0;
          }
          other = new _SemVer(other, this.options);
        }
        if (other.version === this.version) {
          return 0;
        }
        return this.compareMain(other) || this.comparePre(other);
      }
      compareMain(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.major < other.major) {
          return -1;
        }
        if (this.major > other.major) {
          return 1;
        }
        if (this.minor < other.minor) {
          return -1;
        }
        if (this.minor > other.minor) {
          return 1;
        }
        if (this.patch < other.patch) {
          return -1;
        }
        if (this.patch > other.patch) {
          return 1;
        }
        return 0;
      }
      comparePre(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.prerelease.length && !other.prerelease.length) {
          return -1;
        } else if (!this.prerelease.length && other.prerelease.length) {
          return 1;
        } else if (!this.prerelease.length && !other.prerelease.length) {
          return 0;
        }
        let i = 0;
        do {
          const a = this.prerelease[i];
          const b = other.prerelease[i];
          debug2("prerelease compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      compareBuild(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        let i = 0;
        do {
          const a = this.build[i];
          const b = other.build[i];
          debug2("build compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      // preminor will bump the version up to the next minor release, and immediately
      // down to pre-release. premajor and prepatch work the same way.
      inc(release, identifier, identifierBase) {
        if (release.startsWith("pre")) {
          if (!identifier && identifierBase === false) {
            throw new Error("invalid increment argument: identifier is empty");
          }
          if (identifier) {
            const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE]);
            if (!match || match[1] !== identifier) {
              throw new Error(`invalid identifier: ${identifier}`);
            }
          }
        }
        switch (release) {
          case "premajor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor = 0;
            this.major++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "preminor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "prepatch":
            this.prerelease.length = 0;
            this.inc("patch", identifier, identifierBase);
            this.inc("pre", identifier, identifierBase);
            break;
          // If the input is a non-prerelease version, this acts the same as
          // prepatch.
          case "prerelease":
            if (this.prerelease.length === 0) {
              this.inc("patch", identifier, identifierBase);
            }
            this.inc("pre", identifier, identifierBase);
            break;
          case "release":
            if (this.prerelease.length === 0) {
              throw new Error(`version ${this.raw} is not a prerelease`);
            }
            this.prerelease.length = 0;
            break;
          case "major":
            if (this.minor !== 0 || this.patch !== 0 || this.prerelease.length === 0) {
              this.major++;
            }
            this.minor = 0;
            this.patch = 0;
            this.prerelease = [];
            break;
          case "minor":
            if (this.patch !== 0 || this.prerelease.length === 0) {
              this.minor++;
            }
            this.patch = 0;
            this.prerelease = [];
            break;
          case "patch":
            if (this.prerelease.length === 0) {
              this.patch++;
            }
            this.prerelease = [];
            break;
          // This probably shouldn't be used publicly.
          // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
          case "pre": {
            const base = Number(identifierBase) ? 1 : 0;
            if (this.prerelease.length === 0) {
              this.prerelease = [base];
            } else {
              let i = this.prerelease.length;
              while (--i >= 0) {
                if (typeof this.prerelease[i] === "number") {
                  this.prerelease[i]++;
                  i = -2;
                }
              }
              if (i === -1) {
                if (identifier === this.prerelease.join(".") && identifierBase === false) {
                  throw new Error("invalid increment argument: identifier already exists");
                }
                this.prerelease.push(base);
              }
            }
            if (identifier) {
              let prerelease = [identifier, base];
              if (identifierBase === false) {
                prerelease = [identifier];
              }
              if (isPrereleaseIdentifier(this.prerelease, identifier)) {
                const prereleaseBase = this.prerelease[identifier.split(".").length];
                if (isNaN(prereleaseBase)) {
                  this.prerelease = prerelease;
                }
              } else {
                this.prerelease = prerelease;
              }
            }
            break;
          }
          default:
            throw new Error(`invalid increment argument: ${release}`);
        }
        this.raw = this.format();
        if (this.build.length) {
          this.raw += `+${this.build.join(".")}`;
        }
        return this;
      }
    };
    module.exports = SemVer;
  }
});

// node_modules/semver/functions/parse.js
var require_parse = __commonJS({
  "node_modules/semver/functions/parse.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var parse = (version, options, throwErrors = false) => {
      if (version instanceof SemVer) {
        return version;
      }
      try {
        return new SemVer(version, options);
      } catch (er) {
        if (!throwErrors) {
          return null;
        }
        throw er;
      }
    };
    module.exports = parse;
  }
});

// node_modules/semver/functions/valid.js
var require_valid = __commonJS({
  "node_modules/semver/functions/valid.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var valid2 = (version, options) => {
      const v = parse(version, options);
      return v ? v.version : null;
    };
    module.exports = valid2;
  }
});

// node_modules/semver/functions/clean.js
var require_clean = __commonJS({
  "node_modules/semver/functions/clean.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var clean2 = (version, options) => {
      const s = parse(version.trim().replace(/^[=v]+/, ""), options);
      return s ? s.version : null;
    };
    module.exports = clean2;
  }
});

// node_modules/semver/functions/inc.js
var require_inc = __commonJS({
  "node_modules/semver/functions/inc.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var inc = (version, release, options, identifier, identifierBase) => {
      if (typeof options === "string") {
        identifierBase = identifier;
        identifier = options;
        options = void 0;
      }
      try {
        return new SemVer(
          version instanceof SemVer ? version.version : version,
          options
        ).inc(release, identifier, identifierBase).version;
      } catch (er) {
        return null;
      }
    };
    module.exports = inc;
  }
});

// node_modules/semver/functions/diff.js
var require_diff = __commonJS({
  "node_modules/semver/functions/diff.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var diff = (version1, version2) => {
      const v1 = parse(version1, null, true);
      const v2 = parse(version2, null, true);
      const comparison = v1.compare(v2);
      if (comparison === 0) {
        return null;
      }
      const v1Higher = comparison > 0;
      const highVersion = v1Higher ? v1 : v2;
      const lowVersion = v1Higher ? v2 : v1;
      const highHasPre = !!highVersion.prerelease.length;
      const lowHasPre = !!lowVersion.prerelease.length;
      if (lowHasPre && !highHasPre) {
        if (!lowVersion.patch && !lowVersion.minor) {
          return "major";
        }
        if (lowVersion.compareMain(highVersion) === 0) {
          if (lowVersion.minor && !lowVersion.patch) {
            return "minor";
          }
          return "patch";
        }
      }
      const prefix = highHasPre ? "pre" : "";
      if (v1.major !== v2.major) {
        return prefix + "major";
      }
      if (v1.minor !== v2.minor) {
        return prefix + "minor";
      }
      if (v1.patch !== v2.patch) {
        return prefix + "patch";
      }
      return "prerelease";
    };
    module.exports = diff;
  }
});

// node_modules/semver/functions/major.js
var require_major = __commonJS({
  "node_modules/semver/functions/major.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var major = (a, loose) => new SemVer(a, loose).major;
    module.exports = major;
  }
});

// node_modules/semver/functions/minor.js
var require_minor = __commonJS({
  "node_modules/semver/functions/minor.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var minor = (a, loose) => new SemVer(a, loose).minor;
    module.exports = minor;
  }
});

// node_modules/semver/functions/patch.js
var require_patch = __commonJS({
  "node_modules/semver/functions/patch.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var patch = (a, loose) => new SemVer(a, loose).patch;
    module.exports = patch;
  }
});

// node_modules/semver/functions/prerelease.js
var require_prerelease = __commonJS({
  "node_modules/semver/functions/prerelease.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var prerelease = (version, options) => {
      const parsed = parse(version, options);
      return parsed && parsed.prerelease.length ? parsed.prerelease : null;
    };
    module.exports = prerelease;
  }
});

// node_modules/semver/functions/compare.js
var require_compare = __commonJS({
  "node_modules/semver/functions/compare.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var compare = (a, b, loose) => new SemVer(a, loose).compare(new SemVer(b, loose));
    module.exports = compare;
  }
});

// node_modules/semver/functions/rcompare.js
var require_rcompare = __commonJS({
  "node_modules/semver/functions/rcompare.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var rcompare = (a, b, loose) => compare(b, a, loose);
    module.exports = rcompare;
  }
});

// node_modules/semver/functions/compare-loose.js
var require_compare_loose = __commonJS({
  "node_modules/semver/functions/compare-loose.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var compareLoose = (a, b) => compare(a, b, true);
    module.exports = compareLoose;
  }
});

// node_modules/semver/functions/compare-build.js
var require_compare_build = __commonJS({
  "node_modules/semver/functions/compare-build.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var compareBuild = (a, b, loose) => {
      const versionA = new SemVer(a, loose);
      const versionB = new SemVer(b, loose);
      return versionA.compare(versionB) || versionA.compareBuild(versionB);
    };
    module.exports = compareBuild;
  }
});

// node_modules/semver/functions/sort.js
var require_sort = __commonJS({
  "node_modules/semver/functions/sort.js"(exports, module) {
    "use strict";
    var compareBuild = require_compare_build();
    var sort = (list, loose) => list.sort((a, b) => compareBuild(a, b, loose));
    module.exports = sort;
  }
});

// node_modules/semver/functions/rsort.js
var require_rsort = __commonJS({
  "node_modules/semver/functions/rsort.js"(exports, module) {
    "use strict";
    var compareBuild = require_compare_build();
    var rsort = (list, loose) => list.sort((a, b) => compareBuild(b, a, loose));
    module.exports = rsort;
  }
});

// node_modules/semver/functions/gt.js
var require_gt = __commonJS({
  "node_modules/semver/functions/gt.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var gt2 = (a, b, loose) => compare(a, b, loose) > 0;
    module.exports = gt2;
  }
});

// node_modules/semver/functions/lt.js
var require_lt = __commonJS({
  "node_modules/semver/functions/lt.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var lt = (a, b, loose) => compare(a, b, loose) < 0;
    module.exports = lt;
  }
});

// node_modules/semver/functions/eq.js
var require_eq = __commonJS({
  "node_modules/semver/functions/eq.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var eq = (a, b, loose) => compare(a, b, loose) === 0;
    module.exports = eq;
  }
});

// node_modules/semver/functions/neq.js
var require_neq = __commonJS({
  "node_modules/semver/functions/neq.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var neq = (a, b, loose) => compare(a, b, loose) !== 0;
    module.exports = neq;
  }
});

// node_modules/semver/functions/gte.js
var require_gte = __commonJS({
  "node_modules/semver/functions/gte.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var gte = (a, b, loose) => compare(a, b, loose) >= 0;
    module.exports = gte;
  }
});

// node_modules/semver/functions/lte.js
var require_lte = __commonJS({
  "node_modules/semver/functions/lte.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var lte = (a, b, loose) => compare(a, b, loose) <= 0;
    module.exports = lte;
  }
});

// node_modules/semver/functions/cmp.js
var require_cmp = __commonJS({
  "node_modules/semver/functions/cmp.js"(exports, module) {
    "use strict";
    var eq = require_eq();
    var neq = require_neq();
    var gt2 = require_gt();
    var gte = require_gte();
    var lt = require_lt();
    var lte = require_lte();
    var cmp2 = (a, op, b, loose) => {
      switch (op) {
        case "===":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a === b;
        case "!==":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a !== b;
        case "":
        case "=":
        case "==":
          return eq(a, b, loose);
        case "!=":
          return neq(a, b, loose);
        case ">":
          return gt2(a, b, loose);
        case ">=":
          return gte(a, b, loose);
        case "<":
          return lt(a, b, loose);
        case "<=":
          return lte(a, b, loose);
        default:
          throw new TypeError(`Invalid operator: ${op}`);
      }
    };
    module.exports = cmp2;
  }
});

// node_modules/semver/functions/coerce.js
var require_coerce = __commonJS({
  "node_modules/semver/functions/coerce.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var parse = require_parse();
    var { safeRe: re, t } = require_re();
    var coerce = (version, options) => {
      if (version instanceof SemVer) {
        return version;
      }
      if (typeof version === "number") {
        version = String(version);
      }
      if (typeof version !== "string") {
        return null;
      }
      options = options || {};
      let match = null;
      if (!options.rtl) {
        match = version.match(options.includePrerelease ? re[t.COERCEFULL] : re[t.COERCE]);
      } else {
        const coerceRtlRegex = options.includePrerelease ? re[t.COERCERTLFULL] : re[t.COERCERTL];
        let next;
        while ((next = coerceRtlRegex.exec(version)) && (!match || match.index + match[0].length !== version.length)) {
          if (!match || next.index + next[0].length !== match.index + match[0].length) {
            match = next;
          }
          coerceRtlRegex.lastIndex = next.index + next[1].length + next[2].length;
        }
        coerceRtlRegex.lastIndex = -1;
      }
      if (match === null) {
        return null;
      }
      const major = match[2];
      const minor = match[3] || "0";
      const patch = match[4] || "0";
      const prerelease = options.includePrerelease && match[5] ? `-${match[5]}` : "";
      const build = options.includePrerelease && match[6] ? `+${match[6]}` : "";
      return parse(`${major}.${minor}.${patch}${prerelease}${build}`, options);
    };
    module.exports = coerce;
  }
});

// node_modules/semver/functions/truncate.js
var require_truncate = __commonJS({
  "node_modules/semver/functions/truncate.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var constants = require_constants();
    var SemVer = require_semver();
    var truncate2 = (version, truncation, options) => {
      if (!constants.RELEASE_TYPES.includes(truncation)) {
        return null;
      }
      const clonedVersion = cloneInputVersion(version, options);
      return clonedVersion && doTruncation(clonedVersion, truncation);
    };
    var cloneInputVersion = (version, options) => {
      const versionStringToParse = version instanceof SemVer ? version.version : version;
      return parse(versionStringToParse, options);
    };
    var doTruncation = (version, truncation) => {
      if (isPrerelease(truncation)) {
        return version.version;
      }
      version.prerelease = [];
      switch (truncation) {
        case "major":
          version.minor = 0;
          version.patch = 0;
          break;
        case "minor":
          version.patch = 0;
          break;
      }
      return version.format();
    };
    var isPrerelease = (type) => {
      return type.startsWith("pre");
    };
    module.exports = truncate2;
  }
});

// node_modules/semver/internal/lrucache.js
var require_lrucache = __commonJS({
  "node_modules/semver/internal/lrucache.js"(exports, module) {
    "use strict";
    var LRUCache = class {
      constructor() {
        this.max = 1e3;
        this.map = /* @__PURE__ */ new Map();
      }
      get(key) {
        const value = this.map.get(key);
        if (value === void 0) {
          return void 0;
        } else {
          this.map.delete(key);
          this.map.set(key, value);
          return value;
        }
      }
      delete(key) {
        return this.map.delete(key);
      }
      set(key, value) {
        const deleted = this.delete(key);
        if (!deleted && value !== void 0) {
          if (this.map.size >= this.max) {
            const firstKey = this.map.keys().next().value;
            this.delete(firstKey);
          }
          this.map.set(key, value);
        }
        return this;
      }
    };
    module.exports = LRUCache;
  }
});

// node_modules/semver/internal/trim-comparator-whitespace.js
var require_trim_comparator_whitespace = __commonJS({
  "node_modules/semver/internal/trim-comparator-whitespace.js"(exports, module) {
    "use strict";
    var {
      MAX_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      WHITESPACE_CHARACTERS
    } = require_constants();
    var whitespace = new Uint8Array(65536);
    for (const char of WHITESPACE_CHARACTERS) {
      whitespace[char.charCodeAt(0)] = 1;
    }
    var isWhitespace = (char) => char !== void 0 && whitespace[char.charCodeAt(0)] === 1;
    var isVersionPrefix = (char) => char === "v" || char === "=" || isWhitespace(char);
    var isDigit = (char) => char !== void 0 && char >= "0" && char <= "9";
    var isLetter = (char) => char !== void 0 && (char >= "a" && char <= "z" || char >= "A" && char <= "Z");
    var isIdentifierCharacter = (char) => isDigit(char) || isLetter(char) || char === "-";
    var isVersionStart = (char) => isDigit(char) || char === "x" || char === "X" || char === "*";
    var findDigitsEndIndex = (range, start, limit, digitRuns) => {
      if (!isDigit(range[start])) {
        return start;
      }
      if (start >= digitRuns.start && start < digitRuns.end) {
        return Math.min(start + limit, digitRuns.end);
      }
      if (start >= digitRuns.previousStart && start < digitRuns.previousEnd) {
        return Math.min(start + limit, digitRuns.previousEnd);
      }
      let end = start + 1;
      while (isDigit(range[end])) {
        end++;
      }
      digitRuns.previousStart = digitRuns.start;
      digitRuns.previousEnd = digitRuns.end;
      digitRuns.start = start;
      digitRuns.end = end;
      return Math.min(start + limit, end);
    };
    var findVersionNumberEndIndex = (range, start, loose, digitRuns) => {
      if (!loose && range[start] === "0") {
        return start + 1;
      }
      return findDigitsEndIndex(range, start, loose ? MAX_LENGTH : MAX_LENGTH + 1, digitRuns);
    };
    var findPrereleaseIdentifierEndIndex = (range, start, loose, digitRuns) => {
      const digitsEnd = findDigitsEndIndex(range, start, MAX_LENGTH, digitRuns);
      if (isLetter(range[digitsEnd]) || range[digitsEnd] === "-") {
        let end = digitsEnd + 1;
        const limit = end + MAX_SAFE_BUILD_LENGTH;
        while (end < limit && isIdentifierCharacter(range[end])) {
          end++;
        }
        return end;
      }
      return findVersionNumberEndIndex(range, start, loose, digitRuns);
    };
    var findPrereleaseEndIndex = (range, start, loose, digitRuns) => {
      const hyphen = range[start] === "-";
      if (!loose && !hyphen) {
        return start;
      }
      const identifierStart = start + (hyphen ? 1 : 0);
      let end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose, digitRuns);
      if (end === identifierStart) {
        if (!loose || !hyphen) {
          return start;
        }
        end = findPrereleaseIdentifierEndIndex(range, start, loose, digitRuns);
      }
      while (range[end] === ".") {
        const next = findPrereleaseIdentifierEndIndex(range, end + 1, loose, digitRuns);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findBuildIdentifierEndIndex = (range, start) => {
      let end = start;
      while (end - start < MAX_SAFE_BUILD_LENGTH && isIdentifierCharacter(range[end])) {
        end++;
      }
      return end;
    };
    var findBuildEndIndex = (range, start) => {
      if (range[start] !== "+") {
        return start;
      }
      let end = findBuildIdentifierEndIndex(range, start + 1);
      if (end === start + 1) {
        return start;
      }
      while (range[end] === ".") {
        const next = findBuildIdentifierEndIndex(range, end + 1);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findLooseFullVersionEndIndex = (range, start, digitRuns) => {
      let end = start;
      for (let component = 0; component < 3; component++) {
        const next = findVersionNumberEndIndex(range, end, true, digitRuns);
        if (next === end) {
          return start;
        }
        end = next;
        if (component < 2) {
          if (range[end] !== ".") {
            return start;
          }
          end++;
        }
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, true, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findPartialVersionComponentEndIndex = (range, start, digitRuns) => {
      if (isDigit(range[start])) {
        return findVersionNumberEndIndex(range, start, false, digitRuns);
      }
      return isVersionStart(range[start]) ? start + 1 : start;
    };
    var findPartialVersionEndIndex = (range, start, digitRuns) => {
      let end = findPartialVersionComponentEndIndex(range, start, digitRuns);
      for (let component = 0; component < 2; component++) {
        if (range[end] !== ".") {
          return end;
        }
        const next = findPartialVersionComponentEndIndex(range, end + 1, digitRuns);
        if (next === end + 1) {
          return end;
        }
        end = next;
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, false, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findVersionEndIndex = (range, start, digitRuns) => {
      const fullVersionEnd = findLooseFullVersionEndIndex(range, start, digitRuns);
      return fullVersionEnd !== start ? fullVersionEnd : findPartialVersionEndIndex(range, start, digitRuns);
    };
    var findRemovableWhitespaceIndex = (range, matchStart) => {
      let position = matchStart;
      if (isWhitespace(range[position])) {
        position++;
      }
      if (range[position] === "<" || range[position] === ">") {
        position++;
      }
      if (range[position] === "=") {
        position++;
      }
      return isWhitespace(range[position]) ? position : -1;
    };
    var trimComparatorWhitespace = (range) => {
      let result = "";
      let copyFrom = 0;
      let cursor = 0;
      const digitRuns = { start: -1, end: -1, previousStart: -1, previousEnd: -1 };
      while (cursor < range.length) {
        const matchStart = cursor;
        if (range[cursor] === "<" || range[cursor] === ">") {
          cursor++;
        } else if (!isVersionPrefix(range[cursor]) && !isVersionStart(range[cursor])) {
          cursor++;
          continue;
        }
        while (cursor < range.length && isVersionPrefix(range[cursor])) {
          cursor++;
        }
        if (!isVersionStart(range[cursor])) {
          continue;
        }
        const whitespacePosition = findRemovableWhitespaceIndex(range, matchStart);
        if (whitespacePosition !== -1) {
          result += range.slice(copyFrom, whitespacePosition);
          copyFrom = whitespacePosition + 1;
        }
        cursor = findVersionEndIndex(range, cursor, digitRuns);
      }
      return result + range.slice(copyFrom);
    };
    module.exports = trimComparatorWhitespace;
  }
});

// node_modules/semver/classes/range.js
var require_range = __commonJS({
  "node_modules/semver/classes/range.js"(exports, module) {
    "use strict";
    var SPACE_CHARACTERS = /\s+/g;
    var Range = class _Range {
      constructor(range, options) {
        options = parseOptions(options);
        if (range instanceof _Range) {
          if (range.loose === !!options.loose && range.includePrerelease === !!options.includePrerelease) {
            return range;
          } else {
            return new _Range(range.raw, options);
          }
        }
        if (range instanceof Comparator) {
          this.raw = range.value;
          this.set = [[range]];
          this.formatted = void 0;
          return this;
        }
        this.options = options;
        this.loose = !!options.loose;
        this.includePrerelease = !!options.includePrerelease;
        this.raw = range.trim().replace(SPACE_CHARACTERS, " ");
        this.set = this.raw.split("||").map((r) => this.parseRange(r.trim())).filter((c) => c.length);
        if (!this.set.length) {
          throw new TypeError(`Invalid SemVer Range: ${this.raw}`);
        }
        if (this.set.length > 1) {
          const first = this.set[0];
          this.set = this.set.filter((c) => !isNullSet(c[0]));
          if (this.set.length === 0) {
            this.set = [first];
          } else if (this.set.length > 1) {
            for (const c of this.set) {
              if (c.length === 1 && isAny(c[0])) {
                this.set = [c];
                break;
              }
            }
          }
        }
        this.formatted = void 0;
      }
      get range() {
        if (this.formatted === void 0) {
          this.formatted = "";
          for (let i = 0; i < this.set.length; i++) {
            if (i > 0) {
              this.formatted += "||";
            }
            const comps = this.set[i];
            for (let k = 0; k < comps.length; k++) {
              if (k > 0) {
                this.formatted += " ";
              }
              this.formatted += comps[k].toString().trim();
            }
          }
        }
        return this.formatted;
      }
      format() {
        return this.range;
      }
      toString() {
        return this.range;
      }
      parseRange(range) {
        range = range.replace(BUILDSTRIPRE, "");
        const memoOpts = (this.options.includePrerelease && FLAG_INCLUDE_PRERELEASE) | (this.options.loose && FLAG_LOOSE);
        const memoKey = memoOpts + ":" + range;
        const cached = cache.get(memoKey);
        if (cached) {
          return cached;
        }
        const loose = this.options.loose;
        const hr = loose ? re[t.HYPHENRANGELOOSE] : re[t.HYPHENRANGE];
        range = range.replace(hr, hyphenReplace(this.options.includePrerelease));
        debug2("hyphen replace", range);
        range = trimComparatorWhitespace(range);
        debug2("comparator trim", range);
        range = range.replace(re[t.TILDETRIM], tildeTrimReplace);
        debug2("tilde trim", range);
        range = range.replace(re[t.CARETTRIM], caretTrimReplace);
        debug2("caret trim", range);
        let rangeList = range.split(" ").map((comp) => parseComparator(comp, this.options)).join(" ").split(/\s+/).map((comp) => replaceGTE0(comp, this.options));
        if (loose) {
          rangeList = rangeList.filter((comp) => {
            debug2("loose invalid filter", comp, this.options);
            return !!comp.match(re[t.COMPARATORLOOSE]);
          });
        }
        debug2("range list", rangeList);
        const rangeMap = /* @__PURE__ */ new Map();
        const comparators = rangeList.map((comp) => new Comparator(comp, this.options));
        for (const comp of comparators) {
          if (isNullSet(comp)) {
            return [comp];
          }
          rangeMap.set(comp.value, comp);
        }
        if (rangeMap.size > 1 && rangeMap.has("")) {
          rangeMap.delete("");
        }
        const result = [...rangeMap.values()];
        cache.set(memoKey, result);
        return result;
      }
      intersects(range, options) {
        if (!(range instanceof _Range)) {
          throw new TypeError("a Range is required");
        }
        return this.set.some((thisComparators) => {
          return isSatisfiable(thisComparators, options) && range.set.some((rangeComparators) => {
            return isSatisfiable(rangeComparators, options) && thisComparators.every((thisComparator) => {
              return rangeComparators.every((rangeComparator) => {
                return thisComparator.intersects(rangeComparator, options);
              });
            });
          });
        });
      }
      // if ANY of the sets match ALL of its comparators, then pass
      test(version) {
        if (!version) {
          return false;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        for (let i = 0; i < this.set.length; i++) {
          if (testSet(this.set[i], version, this.options)) {
            return true;
          }
        }
        return false;
      }
    };
    module.exports = Range;
    var LRU = require_lrucache();
    var cache = new LRU();
    var parseOptions = require_parse_options();
    var Comparator = require_comparator();
    var debug2 = require_debug();
    var SemVer = require_semver();
    var trimComparatorWhitespace = require_trim_comparator_whitespace();
    var {
      safeRe: re,
      src,
      t,
      tildeTrimReplace,
      caretTrimReplace
    } = require_re();
    var { FLAG_INCLUDE_PRERELEASE, FLAG_LOOSE } = require_constants();
    var BUILDSTRIPRE = new RegExp(src[t.BUILD], "g");
    var isNullSet = (c) => c.value === "<0.0.0-0";
    var isAny = (c) => c.value === "";
    var isSatisfiable = (comparators, options) => {
      let result = true;
      const remainingComparators = comparators.slice();
      let testComparator = remainingComparators.pop();
      while (result && remainingComparators.length) {
        result = remainingComparators.every((otherComparator) => {
          return testComparator.intersects(otherComparator, options);
        });
        testComparator = remainingComparators.pop();
      }
      return result;
    };
    var parseComparator = (comp, options) => {
      comp = comp.replace(re[t.BUILD], "");
      debug2("comp", comp, options);
      comp = replaceCarets(comp, options);
      debug2("caret", comp);
      comp = replaceTildes(comp, options);
      debug2("tildes", comp);
      comp = replaceXRanges(comp, options);
      debug2("xrange", comp);
      comp = replaceStars(comp, options);
      debug2("stars", comp);
      return comp;
    };
    var isX = (id) => !id || id.toLowerCase() === "x" || id === "*";
    var invalidXRangeOrder = (M, m, p) => isX(M) && !isX(m) || isX(m) && p && !isX(p);
    var replaceTildes = (comp, options) => {
      return comp.trim().split(/\s+/).map((c) => replaceTilde(c, options)).join(" ");
    };
    var replaceTilde = (comp, options) => {
      const r = options.loose ? re[t.TILDELOOSE] : re[t.TILDE];
      const z = options.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug2("tilde", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
        } else if (pr) {
          debug2("replaceTilde pr", pr);
          ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
        } else {
          ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
        }
        debug2("tilde return", ret);
        return ret;
      });
    };
    var replaceCarets = (comp, options) => {
      return comp.trim().split(/\s+/).map((c) => replaceCaret(c, options)).join(" ");
    };
    var replaceCaret = (comp, options) => {
      debug2("caret", comp, options);
      const r = options.loose ? re[t.CARETLOOSE] : re[t.CARET];
      const z = options.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug2("caret", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          if (M === "0") {
            ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
          } else {
            ret = `>=${M}.${m}.0${z} <${+M + 1}.0.0-0`;
          }
        } else if (pr) {
          debug2("replaceCaret pr", pr);
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p}-${pr} <${+M + 1}.0.0-0`;
          }
        } else {
          debug2("no pr");
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p} <${+M + 1}.0.0-0`;
          }
        }
        debug2("caret return", ret);
        return ret;
      });
    };
    var replaceXRanges = (comp, options) => {
      debug2("replaceXRanges", comp, options);
      return comp.split(/\s+/).map((c) => replaceXRange(c, options)).join(" ");
    };
    var replaceXRange = (comp, options) => {
      comp = comp.trim();
      const r = options.loose ? re[t.XRANGELOOSE] : re[t.XRANGE];
      return comp.replace(r, (ret, gtlt, M, m, p, pr) => {
        debug2("xRange", comp, ret, gtlt, M, m, p, pr);
        if (invalidXRangeOrder(M, m, p)) {
          return comp;
        }
        const xM = isX(M);
        const xm = xM || isX(m);
        const xp = xm || isX(p);
        const anyX = xp;
        if (gtlt === "=" && anyX) {
          gtlt = "";
        }
        pr = options.includePrerelease ? "-0" : "";
        if (xM) {
          if (gtlt === ">" || gtlt === "<") {
            ret = "<0.0.0-0";
          } else {
            ret = "*";
          }
        } else if (gtlt && anyX) {
          if (xm) {
            m = 0;
          }
          p = 0;
          if (gtlt === ">") {
            gtlt = ">=";
            if (xm) {
              M = +M + 1;
              m = 0;
              p = 0;
            } else {
              m = +m + 1;
              p = 0;
            }
          } else if (gtlt === "<=") {
            gtlt = "<";
            if (xm) {
              M = +M + 1;
            } else {
              m = +m + 1;
            }
          }
          if (gtlt === "<") {
            pr = "-0";
          }
          ret = `${gtlt + M}.${m}.${p}${pr}`;
        } else if (xm) {
          ret = `>=${M}.0.0${pr} <${+M + 1}.0.0-0`;
        } else if (xp) {
          ret = `>=${M}.${m}.0${pr} <${M}.${+m + 1}.0-0`;
        }
        debug2("xRange return", ret);
        return ret;
      });
    };
    var replaceStars = (comp, options) => {
      debug2("replaceStars", comp, options);
      return comp.trim().replace(re[t.STAR], "");
    };
    var replaceGTE0 = (comp, options) => {
      debug2("replaceGTE0", comp, options);
      return comp.trim().replace(re[options.includePrerelease ? t.GTE0PRE : t.GTE0], "");
    };
    var hyphenReplace = (incPr) => ($0, from, fM, fm, fp, fpr, fb, to, tM, tm, tp, tpr) => {
      if (isX(fM)) {
        from = "";
      } else if (isX(fm)) {
        from = `>=${fM}.0.0${incPr ? "-0" : ""}`;
      } else if (isX(fp)) {
        from = `>=${fM}.${fm}.0${incPr ? "-0" : ""}`;
      } else if (fpr) {
        from = `>=${from}`;
      } else {
        from = `>=${from}${incPr ? "-0" : ""}`;
      }
      if (isX(tM)) {
        to = "";
      } else if (isX(tm)) {
        to = `<${+tM + 1}.0.0-0`;
      } else if (isX(tp)) {
        to = `<${tM}.${+tm + 1}.0-0`;
      } else if (tpr) {
        to = `<=${tM}.${tm}.${tp}-${tpr}`;
      } else if (incPr) {
        to = `<${tM}.${tm}.${+tp + 1}-0`;
      } else {
        to = `<=${to}`;
      }
      return `${from} ${to}`.trim();
    };
    var testSet = (set, version, options) => {
      for (let i = 0; i < set.length; i++) {
        if (!set[i].test(version)) {
          return false;
        }
      }
      if (version.prerelease.length && !options.includePrerelease) {
        for (let i = 0; i < set.length; i++) {
          debug2(set[i].semver);
          if (set[i].semver === Comparator.ANY) {
            continue;
          }
          if (set[i].semver.prerelease.length > 0) {
            const allowed = set[i].semver;
            if (allowed.major === version.major && allowed.minor === version.minor && allowed.patch === version.patch) {
              return true;
            }
          }
        }
        return false;
      }
      return true;
    };
  }
});

// node_modules/semver/classes/comparator.js
var require_comparator = __commonJS({
  "node_modules/semver/classes/comparator.js"(exports, module) {
    "use strict";
    var ANY = /* @__PURE__ */ Symbol("SemVer ANY");
    var Comparator = class _Comparator {
      static get ANY() {
        return ANY;
      }
      constructor(comp, options) {
        options = parseOptions(options);
        if (comp instanceof _Comparator) {
          if (comp.loose === !!options.loose) {
            return comp;
          } else {
            comp = comp.value;
          }
        }
        comp = comp.trim().split(/\s+/).join(" ");
        debug2("comparator", comp, options);
        this.options = options;
        this.loose = !!options.loose;
        this.parse(comp);
        if (this.semver === ANY) {
          this.value = "";
        } else {
          this.value = this.operator + this.semver.version;
        }
        debug2("comp", this);
      }
      parse(comp) {
        const r = this.options.loose ? re[t.COMPARATORLOOSE] : re[t.COMPARATOR];
        const m = comp.match(r);
        if (!m) {
          throw new TypeError(`Invalid comparator: ${comp}`);
        }
        this.operator = m[1] !== void 0 ? m[1] : "";
        if (this.operator === "=") {
          this.operator = "";
        }
        if (!m[2]) {
          this.semver = ANY;
        } else {
          this.semver = new SemVer(m[2], this.options.loose);
        }
      }
      toString() {
        return this.value;
      }
      test(version) {
        debug2("Comparator.test", version, this.options.loose);
        if (this.semver === ANY || version === ANY) {
          return true;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        return cmp2(version, this.operator, this.semver, this.options);
      }
      intersects(comp, options) {
        if (!(comp instanceof _Comparator)) {
          throw new TypeError("a Comparator is required");
        }
        if (this.operator === "") {
          if (this.value === "") {
            return true;
          }
          return new Range(comp.value, options).test(this.value);
        } else if (comp.operator === "") {
          if (comp.value === "") {
            return true;
          }
          return new Range(this.value, options).test(comp.semver);
        }
        options = parseOptions(options);
        if (options.includePrerelease && (this.value === "<0.0.0-0" || comp.value === "<0.0.0-0")) {
          return false;
        }
        if (!options.includePrerelease && (this.value.startsWith("<0.0.0") || comp.value.startsWith("<0.0.0"))) {
          return false;
        }
        if (this.operator.startsWith(">") && comp.operator.startsWith(">")) {
          return true;
        }
        if (this.operator.startsWith("<") && comp.operator.startsWith("<")) {
          return true;
        }
        if (this.semver.version === comp.semver.version && this.operator.includes("=") && comp.operator.includes("=")) {
          return true;
        }
        if (cmp2(this.semver, "<", comp.semver, options) && this.operator.startsWith(">") && comp.operator.startsWith("<")) {
          return true;
        }
        if (cmp2(this.semver, ">", comp.semver, options) && this.operator.startsWith("<") && comp.operator.startsWith(">")) {
          return true;
        }
        return false;
      }
    };
    module.exports = Comparator;
    var parseOptions = require_parse_options();
    var { safeRe: re, t } = require_re();
    var cmp2 = require_cmp();
    var debug2 = require_debug();
    var SemVer = require_semver();
    var Range = require_range();
  }
});

// node_modules/semver/functions/satisfies.js
var require_satisfies = __commonJS({
  "node_modules/semver/functions/satisfies.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var satisfies3 = (version, range, options) => {
      try {
        range = new Range(range, options);
      } catch (er) {
        return false;
      }
      return range.test(version);
    };
    module.exports = satisfies3;
  }
});

// node_modules/semver/ranges/to-comparators.js
var require_to_comparators = __commonJS({
  "node_modules/semver/ranges/to-comparators.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var toComparators = (range, options) => new Range(range, options).set.map((comp) => comp.map((c) => c.value).join(" ").trim().split(" "));
    module.exports = toComparators;
  }
});

// node_modules/semver/ranges/max-satisfying.js
var require_max_satisfying = __commonJS({
  "node_modules/semver/ranges/max-satisfying.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var maxSatisfying = (versions, range, options) => {
      let max = null;
      let maxSV = null;
      let rangeObj = null;
      try {
        rangeObj = new Range(range, options);
      } catch (er) {
        return null;
      }
      versions.forEach((v) => {
        if (rangeObj.test(v)) {
          if (!max || maxSV.compare(v) === -1) {
            max = v;
            maxSV = new SemVer(max, options);
          }
        }
      });
      return max;
    };
    module.exports = maxSatisfying;
  }
});

// node_modules/semver/ranges/min-satisfying.js
var require_min_satisfying = __commonJS({
  "node_modules/semver/ranges/min-satisfying.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var minSatisfying = (versions, range, options) => {
      let min = null;
      let minSV = null;
      let rangeObj = null;
      try {
        rangeObj = new Range(range, options);
      } catch (er) {
        return null;
      }
      versions.forEach((v) => {
        if (rangeObj.test(v)) {
          if (!min || minSV.compare(v) === 1) {
            min = v;
            minSV = new SemVer(min, options);
          }
        }
      });
      return min;
    };
    module.exports = minSatisfying;
  }
});

// node_modules/semver/ranges/min-version.js
var require_min_version = __commonJS({
  "node_modules/semver/ranges/min-version.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var gt2 = require_gt();
    var minVersion = (range, loose) => {
      range = new Range(range, loose);
      let minver = new SemVer("0.0.0");
      if (range.test(minver)) {
        return minver;
      }
      minver = new SemVer("0.0.0-0");
      if (range.test(minver)) {
        return minver;
      }
      minver = null;
      for (let i = 0; i < range.set.length; ++i) {
        const comparators = range.set[i];
        let setMin = null;
        comparators.forEach((comparator) => {
          const compver = new SemVer(comparator.semver.version);
          switch (comparator.operator) {
            case ">":
              if (compver.prerelease.length === 0) {
                compver.patch++;
              } else {
                compver.prerelease.push(0);
              }
              compver.raw = compver.format();
            /* fallthrough */
            case "":
            case ">=":
              if (!setMin || gt2(compver, setMin)) {
                setMin = compver;
              }
              break;
            case "<":
            case "<=":
              break;
            /* istanbul ignore next */
            default:
              throw new Error(`Unexpected operation: ${comparator.operator}`);
          }
        });
        if (setMin && (!minver || gt2(minver, setMin))) {
          minver = setMin;
        }
      }
      if (minver && range.test(minver)) {
        return minver;
      }
      return null;
    };
    module.exports = minVersion;
  }
});

// node_modules/semver/ranges/valid.js
var require_valid2 = __commonJS({
  "node_modules/semver/ranges/valid.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var validRange = (range, options) => {
      try {
        return new Range(range, options).range || "*";
      } catch (er) {
        return null;
      }
    };
    module.exports = validRange;
  }
});

// node_modules/semver/ranges/outside.js
var require_outside = __commonJS({
  "node_modules/semver/ranges/outside.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var Comparator = require_comparator();
    var { ANY } = Comparator;
    var Range = require_range();
    var satisfies3 = require_satisfies();
    var gt2 = require_gt();
    var lt = require_lt();
    var lte = require_lte();
    var gte = require_gte();
    var outside = (version, range, hilo, options) => {
      version = new SemVer(version, options);
      range = new Range(range, options);
      let gtfn, ltefn, ltfn, comp, ecomp;
      switch (hilo) {
        case ">":
          gtfn = gt2;
          ltefn = lte;
          ltfn = lt;
          comp = ">";
          ecomp = ">=";
          break;
        case "<":
          gtfn = lt;
          ltefn = gte;
          ltfn = gt2;
          comp = "<";
          ecomp = "<=";
          break;
        default:
          throw new TypeError('Must provide a hilo val of "<" or ">"');
      }
      if (satisfies3(version, range, options)) {
        return false;
      }
      for (let i = 0; i < range.set.length; ++i) {
        const comparators = range.set[i];
        let high = null;
        let low = null;
        comparators.forEach((comparator) => {
          if (comparator.semver === ANY) {
            comparator = new Comparator(">=0.0.0");
          }
          high = high || comparator;
          low = low || comparator;
          if (gtfn(comparator.semver, high.semver, options)) {
            high = comparator;
          } else if (ltfn(comparator.semver, low.semver, options)) {
            low = comparator;
          }
        });
        if (high.operator === comp || high.operator === ecomp) {
          return false;
        }
        if ((!low.operator || low.operator === comp) && ltefn(version, low.semver)) {
          return false;
        } else if (low.operator === ecomp && ltfn(version, low.semver)) {
          return false;
        }
      }
      return true;
    };
    module.exports = outside;
  }
});

// node_modules/semver/ranges/gtr.js
var require_gtr = __commonJS({
  "node_modules/semver/ranges/gtr.js"(exports, module) {
    "use strict";
    var outside = require_outside();
    var gtr = (version, range, options) => outside(version, range, ">", options);
    module.exports = gtr;
  }
});

// node_modules/semver/ranges/ltr.js
var require_ltr = __commonJS({
  "node_modules/semver/ranges/ltr.js"(exports, module) {
    "use strict";
    var outside = require_outside();
    var ltr = (version, range, options) => outside(version, range, "<", options);
    module.exports = ltr;
  }
});

// node_modules/semver/ranges/intersects.js
var require_intersects = __commonJS({
  "node_modules/semver/ranges/intersects.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var intersects = (r1, r2, options) => {
      r1 = new Range(r1, options);
      r2 = new Range(r2, options);
      return r1.intersects(r2, options);
    };
    module.exports = intersects;
  }
});

// node_modules/semver/ranges/simplify.js
var require_simplify = __commonJS({
  "node_modules/semver/ranges/simplify.js"(exports, module) {
    "use strict";
    var satisfies3 = require_satisfies();
    var compare = require_compare();
    module.exports = (versions, range, options) => {
      const set = [];
      let first = null;
      let prev = null;
      const v = versions.sort((a, b) => compare(a, b, options));
      for (const version of v) {
        const included = satisfies3(version, range, options);
        if (included) {
          prev = version;
          if (!first) {
            first = version;
          }
        } else {
          if (prev) {
            set.push([first, prev]);
          }
          prev = null;
          first = null;
        }
      }
      if (first) {
        set.push([first, null]);
      }
      const ranges = [];
      for (const [min, max] of set) {
        if (min === max) {
          ranges.push(min);
        } else if (!max && min === v[0]) {
          ranges.push("*");
        } else if (!max) {
          ranges.push(`>=${min}`);
        } else if (min === v[0]) {
          ranges.push(`<=${max}`);
        } else {
          ranges.push(`${min} - ${max}`);
        }
      }
      const simplified = ranges.join(" || ");
      const original = typeof range.raw === "string" ? range.raw : String(range);
      return simplified.length < original.length ? simplified : range;
    };
  }
});

// node_modules/semver/ranges/subset.js
var require_subset = __commonJS({
  "node_modules/semver/ranges/subset.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var Comparator = require_comparator();
    var { ANY } = Comparator;
    var satisfies3 = require_satisfies();
    var compare = require_compare();
    var subset = (sub, dom, options = {}) => {
      if (sub === dom) {
        return true;
      }
      sub = new Range(sub, options);
      dom = new Range(dom, options);
      let sawNonNull = false;
      OUTER: for (const simpleSub of sub.set) {
        for (const simpleDom of dom.set) {
          const isSub = simpleSubset(simpleSub, simpleDom, options);
          sawNonNull = sawNonNull || isSub !== null;
          if (isSub) {
            continue OUTER;
          }
        }
        if (sawNonNull) {
          return false;
        }
      }
      return true;
    };
    var minimumVersionWithPreRelease = [new Comparator(">=0.0.0-0")];
    var minimumVersion = [new Comparator(">=0.0.0")];
    var simpleSubset = (sub, dom, options) => {
      if (sub === dom) {
        return true;
      }
      if (sub.length === 1 && sub[0].semver === ANY) {
        if (dom.length === 1 && dom[0].semver === ANY) {
          return true;
        } else if (options.includePrerelease) {
          sub = minimumVersionWithPreRelease;
        } else {
          sub = minimumVersion;
        }
      }
      if (dom.length === 1 && dom[0].semver === ANY) {
        if (options.includePrerelease) {
          return true;
        } else {
          dom = minimumVersion;
        }
      }
      const eqSet = /* @__PURE__ */ new Set();
      let gt2, lt;
      for (const c of sub) {
        if (c.operator === ">" || c.operator === ">=") {
          gt2 = higherGT(gt2, c, options);
        } else if (c.operator === "<" || c.operator === "<=") {
          lt = lowerLT(lt, c, options);
        } else {
          eqSet.add(c.semver);
        }
      }
      if (eqSet.size > 1) {
        return null;
      }
      let gtltComp;
      if (gt2 && lt) {
        gtltComp = compare(gt2.semver, lt.semver, options);
        if (gtltComp > 0) {
          return null;
        } else if (gtltComp === 0 && (gt2.operator !== ">=" || lt.operator !== "<=")) {
          return null;
        }
      }
      for (const eq of eqSet) {
        if (gt2 && !satisfies3(eq, String(gt2), options)) {
          return null;
        }
        if (lt && !satisfies3(eq, String(lt), options)) {
          return null;
        }
        for (const c of dom) {
          if (!satisfies3(eq, String(c), options)) {
            return false;
          }
        }
        return true;
      }
      let higher, lower;
      let hasDomLT, hasDomGT;
      let needDomLTPre = lt && !options.includePrerelease && lt.semver.prerelease.length ? lt.semver : false;
      let needDomGTPre = gt2 && !options.includePrerelease && gt2.semver.prerelease.length ? gt2.semver : false;
      if (needDomLTPre && needDomLTPre.prerelease.length === 1 && lt.operator === "<" && needDomLTPre.prerelease[0] === 0) {
        needDomLTPre = false;
      }
      for (const c of dom) {
        hasDomGT = hasDomGT || c.operator === ">" || c.operator === ">=";
        hasDomLT = hasDomLT || c.operator === "<" || c.operator === "<=";
        if (gt2) {
          if (needDomGTPre) {
            if (c.semver.prerelease && c.semver.prerelease.length && c.semver.major === needDomGTPre.major && c.semver.minor === needDomGTPre.minor && c.semver.patch === needDomGTPre.patch) {
              needDomGTPre = false;
            }
          }
          if (c.operator === ">" || c.operator === ">=") {
            higher = higherGT(gt2, c, options);
            if (higher === c && higher !== gt2) {
              return false;
            }
          } else if (gt2.operator === ">=" && !c.test(gt2.semver)) {
            return false;
          }
        }
        if (lt) {
          if (needDomLTPre) {
            if (c.semver.prerelease && c.semver.prerelease.length && c.semver.major === needDomLTPre.major && c.semver.minor === needDomLTPre.minor && c.semver.patch === needDomLTPre.patch) {
              needDomLTPre = false;
            }
          }
          if (c.operator === "<" || c.operator === "<=") {
            lower = lowerLT(lt, c, options);
            if (lower === c && lower !== lt) {
              return false;
            }
          } else if (lt.operator === "<=" && !c.test(lt.semver)) {
            return false;
          }
        }
        if (!c.operator && (lt || gt2) && gtltComp !== 0) {
          return false;
        }
      }
      if (gt2 && hasDomLT && !lt && gtltComp !== 0) {
        return false;
      }
      if (lt && hasDomGT && !gt2 && gtltComp !== 0) {
        return false;
      }
      if (needDomGTPre || needDomLTPre) {
        return false;
      }
      return true;
    };
    var higherGT = (a, b, options) => {
      if (!a) {
        return b;
      }
      const comp = compare(a.semver, b.semver, options);
      return comp > 0 ? a : comp < 0 ? b : b.operator === ">" && a.operator === ">=" ? b : a;
    };
    var lowerLT = (a, b, options) => {
      if (!a) {
        return b;
      }
      const comp = compare(a.semver, b.semver, options);
      return comp < 0 ? a : comp > 0 ? b : b.operator === "<" && a.operator === "<=" ? b : a;
    };
    module.exports = subset;
  }
});

// node_modules/semver/index.js
var require_semver2 = __commonJS({
  "node_modules/semver/index.js"(exports, module) {
    "use strict";
    var internalRe = require_re();
    var constants = require_constants();
    var SemVer = require_semver();
    var identifiers = require_identifiers();
    var parse = require_parse();
    var valid2 = require_valid();
    var clean2 = require_clean();
    var inc = require_inc();
    var diff = require_diff();
    var major = require_major();
    var minor = require_minor();
    var patch = require_patch();
    var prerelease = require_prerelease();
    var compare = require_compare();
    var rcompare = require_rcompare();
    var compareLoose = require_compare_loose();
    var compareBuild = require_compare_build();
    var sort = require_sort();
    var rsort = require_rsort();
    var gt2 = require_gt();
    var lt = require_lt();
    var eq = require_eq();
    var neq = require_neq();
    var gte = require_gte();
    var lte = require_lte();
    var cmp2 = require_cmp();
    var coerce = require_coerce();
    var truncate2 = require_truncate();
    var Comparator = require_comparator();
    var Range = require_range();
    var satisfies3 = require_satisfies();
    var toComparators = require_to_comparators();
    var maxSatisfying = require_max_satisfying();
    var minSatisfying = require_min_satisfying();
    var minVersion = require_min_version();
    var validRange = require_valid2();
    var outside = require_outside();
    var gtr = require_gtr();
    var ltr = require_ltr();
    var intersects = require_intersects();
    var simplifyRange = require_simplify();
    var subset = require_subset();
    module.exports = {
      parse,
      valid: valid2,
      clean: clean2,
      inc,
      diff,
      major,
      minor,
      patch,
      prerelease,
      compare,
      rcompare,
      compareLoose,
      compareBuild,
      sort,
      rsort,
      gt: gt2,
      lt,
      eq,
      neq,
      gte,
      lte,
      cmp: cmp2,
      coerce,
      truncate: truncate2,
      Comparator,
      Range,
      satisfies: satisfies3,
      toComparators,
      maxSatisfying,
      minSatisfying,
      minVersion,
      validRange,
      outside,
      gtr,
      ltr,
      intersects,
      simplifyRange,
      subset,
      SemVer,
      re: internalRe.re,
      src: internalRe.src,
      tokens: internalRe.t,
      SEMVER_SPEC_VERSION: constants.SEMVER_SPEC_VERSION,
      RELEASE_TYPES: constants.RELEASE_TYPES,
      compareIdentifiers: identifiers.compareIdentifiers,
      rcompareIdentifiers: identifiers.rcompareIdentifiers
    };
  }
});

// src/action/main.ts
import { writeFile as writeFile5 } from "node:fs/promises";
import path11 from "node:path";

// src/render/markdown-releases.ts
function compareRelease(a, b) {
  return compareReleases(a, b) || compareText(a, b);
}
var byRelease = (list) => [...list].sort((a, b) => compareRelease(a.kubernetesVersion, b.kubernetesVersion));
function releaseDirs(reports) {
  const taken = /* @__PURE__ */ new Set();
  return reports.map((r, i) => {
    const release = r.kubernetesVersion;
    let name = /^(v?[0-9][0-9A-Za-z._-]{0,40}|unknown)$/.test(release) ? release : `release-${i + 1}`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `release-${i + 1}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}
var releaseText = (report) => mdText(report.kubernetesVersion, 30);
function listText(items) {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
var RULE_ORDER = [...VIOLATION_RULE_ORDER, "empty", "invalid", "overprivileged"];
function failedRules(report) {
  const rules = new Set(report.verdict.violations.flatMap((v) => rulesOf(v)));
  for (const f of report.verdict.runFailures ?? []) rules.add(f.rule);
  if ((report.rbac ?? []).some((c) => c.verdict !== null && !c.verdict.pass) || uncheckedLeastPrivilege(report).length > 0) rules.add("overprivileged");
  const rank = (rule) => RULE_ORDER.includes(rule) ? RULE_ORDER.indexOf(rule) : RULE_ORDER.length;
  return [...rules].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}
var verdictMark = (report) => !reportPasses(report) ? "\u274C fail" : runFailed(report) ? "\u26A0\uFE0F pass, but the run failed" : nothingJudged(report) ? "\u26A0\uFE0F pass, but nothing was judged" : "\u2705 pass";
function headBlock(reports, title) {
  const failing = reports.filter((r) => !reportPasses(r)).map(releaseText);
  const passing = reports.filter((r) => reportPasses(r)).map(releaseText);
  const unjudged = reports.filter((r) => reportPasses(r) && nothingJudged(r)).map(releaseText);
  const heading = failing.length > 0 ? `## \u274C ${mdText(title, 120)}: fail on Kubernetes ${listText(failing)}` : reports.some(runFailed) ? `## \u26A0\uFE0F ${mdText(title, 120)}: pass on the requests seen on Kubernetes ${listText(passing)}, but the run failed` : unjudged.length > 0 ? `## \u26A0\uFE0F ${mdText(title, 120)}: pass on Kubernetes ${listText(passing)}, but nothing was judged on ${listText(unjudged)}` : `## \u2705 ${mdText(title, 120)}: pass on Kubernetes ${listText(passing)}`;
  const verdict = failing.length === 0 ? `**Verdict: pass** on all ${reports.length} Kubernetes releases.` : `**Verdict: fail.** ${failing.length} of ${reports.length} Kubernetes releases fail${passing.length > 0 ? `; ${listText(passing)} pass${passing.length === 1 ? "es" : ""}` : ""}. Each release was judged on its own, against its own spec; its page is below.`;
  return `${heading}

${verdict}`;
}
function releasesTable(reports, reportUrl) {
  const table = markdownTable(
    [
      ["Kubernetes", "verdict", "requests / selected", "stable", "beta", "alpha", "violations", "failed rules"],
      ...reports.map((r) => {
        const s = r.summary;
        return [
          releaseText(r),
          verdictMark(r),
          `${s.requests} / ${s.selected}`,
          String(s.byLevel.stable.operations),
          String(s.byLevel.beta.operations),
          String(s.byLevel.alpha.operations),
          String(violatingOperations(r).length),
          failedRules(r).map((rule) => mdText(rule, 20)).join(", ")
        ];
      })
    ],
    { align: ["l", "l", "r", "r", "r", "r", "r", "l"], alignDelimiters: false }
  );
  return reportUrl !== void 0 ? `${table}

**Full reports, one directory per release:** ${mdLink("report", reportUrl)}` : table;
}
function renderReleasesMarkdown(reports, opts = {}) {
  const maxChars = checkMaxChars(opts.maxChars);
  const title = opts.title ?? "APISnoop";
  if (reports.length === 0) throw new RangeError("renderReleasesMarkdown: no report");
  const dirs = new Map(releaseDirs(reports).map((dir, i) => [reports[i], dir]));
  const ordered = byRelease(reports);
  const parts = [...runNotesParts(opts.notes ?? []), fixed(headBlock(ordered, title)), fixed(releasesTable(ordered, opts.reportUrl))];
  for (const r of ordered) {
    const release = releaseText(r);
    parts.push(fixed(`<details>
<summary>Kubernetes ${htmlText(r.kubernetesVersion, 30)}: ${verdictMark(r)}</summary>`));
    const reportFile = mdText(`${dirs.get(r)}/report.json`);
    const own = r.app !== void 0 ? reportTitle(r) : title;
    for (const p of reportParts(r, { title: `${own} on Kubernetes ${r.kubernetesVersion}`, reportFile, surface: opts.surface })) {
      const name = `${release} ${p.name}`;
      parts.push(p.fixed ? { ...p, name, fixed: false, priority: p.name === "verdict" ? -1 : 0 } : { ...p, name });
    }
    parts.push(fixed("</details>"));
  }
  parts.push(fixed(footer(ordered[0])));
  return layout(parts, maxChars, "the report.json in each release's directory");
}

// src/github/artifacts.ts
import path from "node:path";
function isNameConflict(err) {
  const message = err instanceof Error ? err.message : String(err);
  return /\(409\)|already exists on the workflow run/i.test(message);
}
async function defaultUploader() {
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    logWarning("Artifact upload skipped: ACTIONS_RUNTIME_TOKEN is not set (not running on a GitHub Actions runner). The report files stay in the report directory.");
    return null;
  }
  const { DefaultArtifactClient } = await import("./chunks/artifact-YT3UIQVD.js");
  return new DefaultArtifactClient();
}
async function uploadReportArtifact(name, files, root, runUrl, uploader) {
  const client = uploader === void 0 ? await defaultUploader() : uploader;
  if (!client) return null;
  for (const f of files) {
    if (path.relative(root, f).startsWith("..")) throw new Error(`artifact file ${f} is not under ${root}`);
  }
  try {
    const res = await uploadReplacingEarlierAttempt(client, name, files, root);
    if (res.id === void 0) {
      logWarning(`Artifact ${name}: the upload returned no id`, "top");
      return null;
    }
    logInfo(`Artifact ${name} uploaded: ${files.length} files, ${res.size ?? 0} bytes`);
    return { id: res.id, size: res.size ?? 0, url: runUrl ? `${runUrl}/artifacts/${res.id}` : null };
  } catch (err) {
    const why = isNameConflict(err) ? ` Another job of this workflow run uploaded an artifact named ${name}: give each job (each matrix leg) an artifact-name of its own.` : "";
    logWarning(`Artifact upload failed: ${err.message}${why}`, "top");
    return null;
  }
}
async function uploadReplacingEarlierAttempt(client, name, files, root) {
  try {
    return await client.uploadArtifact(name, files, root);
  } catch (err) {
    const attempt = Number(process.env.GITHUB_RUN_ATTEMPT ?? "1");
    if (!isNameConflict(err) || !(attempt > 1) || !client.deleteArtifact) throw err;
    logInfo(`Artifact ${name} exists already in this run (attempt ${attempt} of a re-run): the earlier attempt's is replaced`);
    await client.deleteArtifact(name);
    return client.uploadArtifact(name, files, root);
  }
}

// src/github/comment.ts
import { createHash } from "node:crypto";

// src/github/api.ts
var API_TIMEOUT_MS = 3e4;
function githubClient(token, baseUrl, timeoutMs = API_TIMEOUT_MS) {
  const octokit = getOctokit(token, { baseUrl });
  octokit.hook.wrap("request", async (request, options) => {
    const signal = AbortSignal.timeout(timeoutMs);
    options.request = { ...options.request, signal };
    const response = await request(options);
    if (signal.aborted) throw signal.reason;
    return response;
  });
  return octokit;
}
function envMs(name, env = process.env) {
  const ms = Number(env[name] ?? "");
  return env[name] && Number.isInteger(ms) && ms >= 0 ? ms : null;
}
var apiTimeoutMs = (env = process.env) => envMs("APISNOOP_GITHUB_TIMEOUT_MS", env) || API_TIMEOUT_MS;
function httpStatus(err) {
  const status = err?.status;
  return typeof status === "number" ? status : null;
}
function apiFailure(err) {
  const e = err ?? {};
  const why = typeof e.message === "string" ? e.message : String(err);
  if (e.name === "TimeoutError" || e.cause?.name === "TimeoutError") return { kind: "timeout" };
  const status = httpStatus(err);
  if (status === null) return { kind: "other", why };
  if (e.name === "HttpError" && !e.response) return { kind: "unreachable", why };
  if (isRateLimit(status, why, e.response?.headers ?? {})) return { kind: "rate-limited", status, why };
  return { kind: "status", status, why };
}
function isRateLimit(status, message, headers) {
  if (status === 429) return true;
  if (status !== 403) return false;
  return headers["x-ratelimit-remaining"] === "0" || headers["retry-after"] !== void 0 || /\brate limit/i.test(message);
}
var isRateLimited = (err) => apiFailure(err).kind === "rate-limited";
function apiFailureText(f, apiUrl, timeoutMs) {
  switch (f.kind) {
    case "timeout":
      return `GITHUB_API_URL (${apiUrl}) did not answer within ${timeoutMs >= 1e3 ? `${Math.round(timeoutMs / 1e3)} s` : `${timeoutMs} ms`}`;
    case "unreachable":
      return `could not reach GITHUB_API_URL (${apiUrl}): ${f.why}`;
    case "rate-limited":
      return `rate limited by GitHub, HTTP ${f.status}: ${f.why}`;
    case "status":
      return `HTTP ${f.status}: ${f.why}`;
    case "other":
      return f.why;
  }
}

// src/github/comment.ts
var COMMENT_LIMIT = 65536;
var GITHUB_ACTIONS_BOT = "github-actions[bot]";
function stickyMarker(key) {
  return `<!-- apisnoop:sticky-comment key=${key} -->`;
}
function composeComment(report, opts) {
  return composePage((maxChars) => renderMarkdown(report, { title: opts.title, reportUrl: opts.reportUrl, maxChars, notes: [], surface: "action" }), opts);
}
function composeReleasesComment(reports, opts) {
  return composePage((maxChars) => renderReleasesMarkdown(reports, { title: opts.title, reportUrl: opts.reportUrl, maxChars, surface: "action" }), opts);
}
function composePage(render, opts) {
  const head = `${opts.marker}

${runNotesBlock(opts.notes)}`;
  const maxChars = (opts.limit ?? COMMENT_LIMIT) - head.length - 64;
  return head + render(maxChars);
}
function failedRunPage(title, notes, runUrl, noReport = "No report: nothing was analyzed.") {
  const lines = notes.slice(0, 10).map((n) => `- ${mdText(n, 600)}`);
  const more = notes.length > 10 ? [`- \u2026 and ${notes.length - 10} more`] : [];
  const link = runUrl && /^https?:\/\//.test(runUrl) ? `

See [the run](${runUrl}) for its log.` : "";
  return `## \u274C ${mdText(title, 120)}: the run failed

${mdText(noReport, 200)}

${[...lines, ...more].join("\n")}${link}
`;
}
function startsWithMarker(body, marker) {
  return body === marker || body.startsWith(`${marker}
`) || body.startsWith(`${marker}\r
`);
}
function isSticky(comment, marker, author) {
  return startsWithMarker(comment.body ?? "", marker) && comment.user?.login === author;
}
async function tokenAuthor(octokit) {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (err) {
    if (httpStatus(err) === 403 && !isRateLimited(err)) return GITHUB_ACTIONS_BOT;
    throw err;
  }
}
async function* prComments(octokit, pr) {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.issueNumber, per_page: 100 });
  for await (const page of pages) {
    if (!Array.isArray(page.data)) throw new Error(`GitHub answered a page of the comments on #${pr.issueNumber} with no list of comments (${page.url})`);
    yield* page.data;
  }
}
function commentWriter(run2, job, label, legOf = label) {
  const leg = createHash("sha256").update(JSON.stringify([job, legOf])).digest("hex").slice(0, 12);
  return { run: run2, job, leg, label };
}
var VALUE_MAX = 60;
var LABEL_MAX = 200;
function matrixLeg(text) {
  const raw = text.trim();
  if (!raw) return null;
  const asText = () => ({ canonical: JSON.stringify(raw), label: clip(`matrix-leg ${oneLine(raw)}`, LABEL_MAX) });
  if (raw !== "null" && !/^[[{]/.test(raw)) return asText();
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    return asText();
  }
  if (value === null || isObject(value) && Object.keys(value).length === 0) return null;
  const canonical = JSON.stringify(sortKeys(value));
  const shown = (v) => clip(oneLine(typeof v === "string" ? v : JSON.stringify(sortKeys(v))), VALUE_MAX);
  const label = isObject(value) ? Object.keys(value).sort().map((k) => `${clip(oneLine(k), VALUE_MAX)} ${shown(value[k])}`).join(", ") : shown(value);
  return { canonical, label: clip(`matrix ${label}`, LABEL_MAX) };
}
var oneLine = (s) => s.replace(/\s+/g, " ").trim();
var sortKeys = (v) => Array.isArray(v) ? v.map(sortKeys) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v;
var enc = (v) => encodeURIComponent(v).replace(/[!'()*~-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
function writtenByLine(w) {
  return `<!-- apisnoop:written-by run=${enc(w.run)} job=${enc(w.job)} leg=${w.leg} label=${enc(w.label.slice(0, 300))} -->`;
}
function readWrittenBy(body) {
  const second = body.split(/\r?\n/, 2)[1] ?? "";
  const m = /^<!-- apisnoop:written-by run=(\S*) job=(\S*) leg=([0-9a-f]{12}) label=(\S*) -->$/.exec(second);
  if (!m) return null;
  try {
    return { run: decodeURIComponent(m[1]), job: decodeURIComponent(m[2]), leg: m[3], label: decodeURIComponent(m[4]) };
  } catch {
    return null;
  }
}
function legCommentKey(key, writer) {
  return `${key}@${writer.leg}`;
}
function settleDelay(random = Math.random) {
  return 3e3 + Math.floor(random() * 2e3);
}
async function postStickyComment(octokit, pr, key, writer, compose, settleMs = settleDelay()) {
  const author = await tokenAuthor(octokit);
  const marker = stickyMarker(key);
  const legMarker = writer ? stickyMarker(legCommentKey(key, writer)) : null;
  const signed = writer?.run ? writer : null;
  const legBody = (w) => {
    const visible = `<sub>${mdText(`${w.label || "This leg"} (job ${w.job || "unnamed"}): its own comment, as the legs of this run share comment-key "${key}"`, 400)}</sub>`;
    return compose(`${legMarker}
${writtenByLine(w)}

${visible}`);
  };
  const body = compose(signed ? `${marker}
${writtenByLine(signed)}` : marker);
  const seen = await keyComments(octokit, pr, author, marker, legMarker);
  const sharedWith = signed ? seen.mains.map(writtenBy).find((w) => w !== null && isOtherOfRun(w, signed)) : void 0;
  if (signed && sharedWith) return { ...await writeOne(octokit, pr, seen.own, legBody(signed), legMarker), sharedWith };
  const res = await writeOne(octokit, pr, seen.mains, body, marker);
  if (signed) {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const now = res.action === "updated" ? await commentById(octokit, pr, res.id) : (await keyComments(octokit, pr, author, marker, null)).mains;
    const winner = keptBy(now, signed);
    if (winner && isOtherOfRun(winner, signed)) {
      const created = now.filter((c) => c.id === res.id && sameLeg(writtenBy(c), signed));
      const moved = await writeOne(octokit, pr, [...created, ...seen.own], legBody(signed), legMarker);
      return { ...moved, removed: [...res.removed, ...moved.removed], sharedWith: winner, raced: true };
    }
  }
  for (const c of seen.own) await deleteComment(octokit, pr, c.id);
  return { ...res, removed: [...res.removed, ...seen.own.map((c) => c.id)] };
}
async function commentById(octokit, pr, id) {
  try {
    const { data } = await octokit.rest.issues.getComment({ owner: pr.owner, repo: pr.repo, comment_id: id });
    return [data];
  } catch (err) {
    if (httpStatus(err) === 404) return [];
    throw err;
  }
}
async function keyComments(octokit, pr, author, marker, legMarker) {
  const mains = [];
  const own = [];
  for await (const c of prComments(octokit, pr)) {
    if (isSticky(c, marker, author)) mains.push(c);
    else if (legMarker && isSticky(c, legMarker, author)) own.push(c);
  }
  return { mains, own };
}
var writtenBy = (c) => readWrittenBy(c.body ?? "");
var sameLeg = (w, me) => w !== null && w.run === me.run && w.job === me.job && w.leg === me.leg;
var isOtherOfRun = (w, me) => w.run === me.run && (w.job !== me.job || w.leg !== me.leg);
function keptBy(mains, me) {
  return [...mains].sort((a, b) => a.id - b.id).map(writtenBy).find((w) => w !== null && w.run === me.run);
}
async function deleteComment(octokit, pr, id) {
  try {
    await octokit.rest.issues.deleteComment({ owner: pr.owner, repo: pr.repo, comment_id: id });
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
  }
}
async function writeOne(octokit, pr, existing, body, marker) {
  if (!startsWithMarker(body, marker)) throw new Error("sticky comment body does not open with its marker");
  if (body.length > COMMENT_LIMIT) throw new Error(`comment body is ${body.length} characters, over GitHub's ${COMMENT_LIMIT}`);
  if (existing.length === 0) {
    const { data: data2 } = await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.issueNumber, body });
    return { action: "created", id: data2.id, url: data2.html_url, removed: [] };
  }
  const [keep, ...duplicates] = existing;
  const { data } = await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: keep.id, body });
  for (const d of duplicates) await deleteComment(octokit, pr, d.id);
  return { action: "updated", id: data.id, url: data.html_url, removed: duplicates.map((d) => d.id) };
}

// src/github/context.ts
import { existsSync, readFileSync } from "node:fs";
function readEvent(env) {
  const file = env.GITHUB_EVENT_PATH;
  if (!file || !existsSync(file)) return {};
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`GITHUB_EVENT_PATH ${file} is not JSON: ${err.message}`, { cause: err });
  }
}
function readRunContext(env = process.env) {
  const event = readEvent(env);
  let owner = "";
  let repo = "";
  if (env.GITHUB_REPOSITORY?.includes("/")) {
    [owner, repo] = env.GITHUB_REPOSITORY.split("/", 2);
  } else if (event.repository?.owner?.login && event.repository.name) {
    owner = event.repository.owner.login;
    repo = event.repository.name;
  }
  const pullRequest = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number ?? null : null);
  const serverUrl = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  const runId = env.GITHUB_RUN_ID ?? "";
  const trigger = env.GITHUB_EVENT_NAME === "workflow_run" ? event.workflow_run : void 0;
  const triggerRunUrl = typeof trigger?.html_url === "string" && /^https?:\/\//.test(trigger.html_url) ? trigger.html_url : typeof trigger?.id === "number" && owner && repo ? `${serverUrl}/${owner}/${repo}/actions/runs/${trigger.id}` : null;
  return {
    fromFork: fromFork(event),
    actionReadme: /^[\w.-]+\/[\w.-]+$/.test(env.GITHUB_ACTION_REPOSITORY ?? "") ? `${serverUrl}/${env.GITHUB_ACTION_REPOSITORY}` : null,
    owner,
    repo,
    pullRequest: pullRequest ?? null,
    headSha: event.pull_request?.head?.sha ?? null,
    eventName: env.GITHUB_EVENT_NAME ?? "",
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    serverUrl,
    runId,
    runUrl: owner && repo && runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : null,
    triggerRunUrl
  };
}
function fromFork(event) {
  const pr = event.pull_request;
  if (!pr?.head || !pr.base?.repo?.full_name) return null;
  const head = pr.head.repo;
  if (head === null) return true;
  if (!head?.full_name) return typeof head?.fork === "boolean" ? head.fork : null;
  return head.full_name.toLowerCase() !== pr.base.repo.full_name.toLowerCase();
}

// src/github/outputs.ts
var OUTPUT_NAMES = [
  "verdict",
  "stable-count",
  "beta-count",
  "alpha-count",
  "unmatched-count",
  "report-path",
  "comment-url"
];
function reportOutputs(report, reportPath) {
  const s = report.summary;
  return {
    // The step's verdict: the API policy and, when checked with rbac-fail-on, least privilege.
    verdict: reportPasses(report) ? "pass" : "fail",
    // Distinct operations per level, discovery excluded (as in the comment's counts table).
    "stable-count": String(s.byLevel.stable.operations),
    "beta-count": String(s.byLevel.beta.operations),
    "alpha-count": String(s.byLevel.alpha.operations),
    // Selected requests no operation of the spec describes.
    "unmatched-count": String(s.unmatched),
    "report-path": reportPath
  };
}
function releasesOutputs(reports, reportPath) {
  const distinct = { stable: /* @__PURE__ */ new Set(), beta: /* @__PURE__ */ new Set(), alpha: /* @__PURE__ */ new Set() };
  for (const r of reports) for (const op of r.operations) if (!op.discovery) distinct[op.level].add(operationKey(op));
  return {
    verdict: reports.every(reportPasses) ? "pass" : "fail",
    "stable-count": String(distinct.stable.size),
    "beta-count": String(distinct.beta.size),
    "alpha-count": String(distinct.alpha.size),
    "unmatched-count": String(reports.reduce((n, r) => n + r.summary.unmatched, 0)),
    "report-path": reportPath
  };
}
function setOutputs(outputs) {
  for (const name of OUTPUT_NAMES) if (name !== "comment-url") setOutput(name, outputs[name]);
}
function setCommentUrl(url) {
  setOutput("comment-url", url ?? "");
}

// src/github/summary.ts
import { statSync } from "node:fs";
var SUMMARY_LIMIT = 1024 * 1024;
var PAGE_LIMIT = SUMMARY_LIMIT - 1024;
function fitSummary(render, limitBytes = PAGE_LIMIT) {
  let maxChars = limitBytes;
  let page = render(maxChars);
  for (let bytes = Buffer.byteLength(page); bytes > limitBytes && maxChars > 1e3; bytes = Buffer.byteLength(page)) {
    maxChars = Math.floor(maxChars * limitBytes * 0.98 / bytes);
    page = render(maxChars);
  }
  return page;
}
function summaryRoom() {
  const file = process.env.GITHUB_STEP_SUMMARY;
  let used = 0;
  try {
    if (file) used = statSync(file).size;
  } catch {
  }
  return PAGE_LIMIT - used;
}
async function writeJobSummary(markdown) {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    info("No GITHUB_STEP_SUMMARY: job summary not written (not running on GitHub Actions).");
    return false;
  }
  const room = summaryRoom();
  if (Buffer.byteLength(markdown) > room) {
    logWarning(
      `The job summary already holds ${PAGE_LIMIT - room} bytes (written by an earlier command of this step), so APISnoop's page (${Buffer.byteLength(markdown)} bytes) would take it over GitHub's limit of 1 MiB and both would be dropped: the page is left out; report.md is in the report directory.`,
      "top"
    );
    return false;
  }
  await summary.addRaw(markdown, true).write();
  return true;
}

// src/action/settings.ts
import { existsSync as existsSync2, readdirSync, readFileSync as readFileSync2, statSync as statSync2 } from "node:fs";
import { tmpdir } from "node:os";
import path2 from "node:path";

// src/cluster/install-identity.ts
import { readFile, writeFile } from "node:fs/promises";
var INSTALL_USER = "apisnoop:install-command";
var INSTALL_BINDING = "apisnoop-install-command";
var SETUP_USER = "apisnoop:setup-command";
var SETUP_BINDING = "apisnoop-setup-command";
async function writeImpersonatingKubeconfig(kubeconfig, out, user) {
  let config;
  try {
    config = load(await readFile(kubeconfig, "utf8"));
  } catch (err) {
    throw new Error(`${kubeconfig}: not a kubeconfig (${err.message.split("\n")[0]})`, { cause: err });
  }
  const current = config?.["current-context"];
  const context = config?.contexts?.find((c) => c.name === current)?.context;
  const entry = config?.users?.find((u) => u.name === context?.user);
  if (!config || !entry) throw new Error(`${kubeconfig}: no user for its current context (${String(current)})`);
  entry.user = { ...entry.user, as: user };
  await writeFile(out, dump(config, { lineWidth: -1 }), { mode: 384 });
}
async function grantUser(kubectl, kubeconfig, user, binding, timeoutMs = READ_TIMEOUT_MS) {
  const args = ["--kubeconfig", kubeconfig, "create", "clusterrolebinding", binding, "--clusterrole", "cluster-admin", "--user", user, "--request-timeout", REQUEST_TIMEOUT];
  const res = await runCommand(kubectl, args, { timeoutMs });
  return res.ok ? null : `kubectl create clusterrolebinding ${binding} failed (${res.failure})${timedOutText(res)}${saidLast(res)}`;
}

// src/action/settings.ts
var INPUT_NAMES = [
  "chart",
  "install-command",
  "setup-command",
  "chart-version",
  "repo",
  "release",
  "namespace",
  "service-account",
  "values",
  "set",
  "helm-timeout",
  "test-command",
  "kubernetes-version",
  "node-image",
  "runtime-config",
  "load-images",
  "cluster-name",
  "kind-version",
  "kubectl-version",
  "helm-version",
  "audit-log",
  "reports",
  "expected-reports",
  "spec",
  "namespaces",
  "service-accounts",
  "users",
  "user-agents",
  "include-system",
  "next-releases",
  "conformance",
  "fail-on",
  "allow",
  "rbac",
  "rbac-serviceaccount",
  "rbac-granted",
  "rbac-fail-on",
  "rbac-threshold",
  "github-token",
  "comment",
  "comment-key",
  "matrix-leg",
  "pr-number",
  "upload-artifact",
  "artifact-name",
  "report-dir"
];
var LEG_INPUTS = ["kubernetes-version", "node-image", "runtime-config", "chart", "values", "release", "namespace", "audit-log", "spec", "reports"];
function readCommentWriter(read, env = process.env) {
  const inputs = LEG_INPUTS.flatMap((name) => {
    const value = (read(name).trim() || (name === "kubernetes-version" ? DEFAULTS.kubernetesVersion : "")).replace(/\s+/g, " ");
    return value ? [`${name} ${value}`] : [];
  }).join(", ");
  const run2 = env.GITHUB_RUN_ID ?? "";
  const job = env.GITHUB_JOB ?? "";
  const matrix = matrixLeg(read("matrix-leg"));
  return matrix ? commentWriter(run2, job, matrix.label, { matrix: matrix.canonical, inputs }) : commentWriter(run2, job, inputs);
}
var InputError = class extends Error {
  constructor(input, message) {
    super(`input "${input}": ${message}`);
    this.name = "InputError";
  }
};
var UnknownInputError = class extends Error {
  /** The declared inputs they most likely meant. */
  meant;
  constructor(given) {
    const near = given.map(nearestInput);
    const each = given.map((g, i) => `input "${g}": APISnoop has no such input${near[i] ? ` (did you mean "${near[i]}"?)` : ""}`);
    super(`${each.join("; ")}. The runner only warns of an input action.yml does not declare, which would be ignored: the step fails instead (the inputs are listed in action.yml)`);
    this.name = "InputError";
    this.meant = near.filter((n) => n !== null);
  }
};
function unknownInputs(env) {
  const known = new Set(INPUT_NAMES.map((n) => `INPUT_${n.toUpperCase()}`));
  return Object.keys(env).filter((k) => k.startsWith("INPUT_") && !known.has(k)).map((k) => k.slice("INPUT_".length).toLowerCase()).sort();
}
function nearestInput(given) {
  const g = given.toLowerCase().replace(/[_ ]/g, "-");
  let best = null;
  for (const name of INPUT_NAMES) {
    const d = name === g || name.replace(/-/g, "") === g ? 0 : editDistance(g, name);
    if (d <= 2 && (best === null || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length];
}
var DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
var GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
var EXACT_VERSION = /^v?\d+\.\d+\.\d+$/;
function splitList(value, separators = /[\n,]/) {
  return value.split(separators).map((s) => s.trim()).filter((s) => s.length > 0);
}
function splitLines(value) {
  return value.split("\n").map((s) => s.trim()).filter((s) => s.length > 0);
}
function parseBoolean(name, value, fallback) {
  if (value === "") return fallback;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new InputError(name, `"${value}" is not a boolean (true or false)`);
}
function toolVersion(name, value, fallback) {
  const v = value || fallback;
  if (v === "" || v === "system") return v;
  if (!EXACT_VERSION.test(v)) throw new InputError(name, `"${v}" is not an exact version like v1.2.3, nor "system"`);
  return v.startsWith("v") ? v : `v${v}`;
}
var WRITTEN_AS_PATH = /^(\.{1,2}([/\\]|$)|[/\\])/;
function releaseFromChart(chart, workspace = process.env.GITHUB_WORKSPACE || process.cwd(), repoGiven = false) {
  const local = resolveFrom(workspace, chart);
  const isLocal = !repoGiven && (WRITTEN_AS_PATH.test(chart) || existsSync2(local));
  if (isLocal && isDirectory(local)) {
    const name = releaseName(chartYamlName(local) ?? "");
    if (name) return name;
  }
  const last = isLocal ? path2.basename(local) : chart.replace(/[/\\]+$/, "").split(/[/\\:]/).pop() ?? "";
  return releaseName(last.replace(/\.tgz$/, "").replace(/-\d+\.\d+\.\d+.*$/, ""));
}
function releaseName(name) {
  return name.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "").slice(0, 53).replace(/-+$/, "");
}
function chartYamlName(dir) {
  try {
    const doc = load(readFileSync2(path2.join(dir, "Chart.yaml"), "utf8"));
    return typeof doc?.name === "string" ? doc.name : null;
  } catch {
    return null;
  }
}
function releaseOrFile(input, value, workspace) {
  if (isVersion(value)) return value;
  const file = resolveFrom(workspace, value);
  if (!existsSync2(file)) throw new InputError(input, `"${value}" is neither a Kubernetes release like 1.36 nor a file that exists`);
  return file;
}
function resolveFrom(workspace, p) {
  return path2.isAbsolute(p) ? p : path2.resolve(workspace, p);
}
function isDirectory(p) {
  return existsSync2(p) && statSync2(p).isDirectory();
}
function notDirectoryWhy(p) {
  for (let at = p; ; at = path2.dirname(at)) {
    if (existsSync2(at)) {
      if (statSync2(at).isDirectory()) return null;
      return at === p ? `${p} is a file, not a directory` : `${p} lies under ${at}, which is a file, not a directory`;
    }
    if (path2.dirname(at) === at) return null;
  }
}
function checkChart(chart, local, workspace, repoGiven) {
  const archive = /\.(tgz|tar\.gz)$/i.test(chart);
  const what = archive ? "chart archive" : "chart directory";
  if (repoGiven) {
    if (WRITTEN_AS_PATH.test(chart) || archive || chart.includes("://")) {
      throw new InputError("chart", `"${chart}" is a path, a chart archive or a URL, but with "repo" the chart is the name of a chart in that repository (helm install --repo): give its name, or leave repo out`);
    }
    return;
  }
  if (existsSync2(local)) {
    if (isDirectory(local) && !existsSync2(path2.join(local, "Chart.yaml"))) throw new InputError("chart", `chart directory ${local} holds no Chart.yaml`);
    return;
  }
  if (chart.includes("://")) return;
  if (/^(\.{1,2}[/\\]|\/)/.test(chart) || archive) throw new InputError("chart", `${what} ${local} does not exist`);
  const first = chart.split(/[/\\]/)[0];
  if (chart.includes("/") && isDirectory(path2.join(workspace, first))) {
    throw new InputError("chart", `${what} ${local} does not exist (${first}/ is a directory of the workspace, so this is a path, not a repo/chart reference)`);
  }
  if (!/^[^/\\]+\/[^/\\]+$/.test(chart)) {
    throw new InputError(
      "chart",
      `"${chart}" is no directory of the workspace (${local} does not exist), nor a repo/chart reference or an oci:// URL; for a chart of a repository, give its URL as repo`
    );
  }
}
function mustExist(name, file, what, directories = false) {
  if (!existsSync2(file)) throw new InputError(name, `${what} ${file} does not exist${directories ? wildcardHint(file) : ""}`);
}
function reportFiles(inputs, workspace) {
  const files = [];
  const without = [];
  for (const input of inputs) {
    const file = resolveFrom(workspace, input);
    mustExist("reports", file, "report", true);
    if (!statSync2(file).isDirectory()) {
      files.push(file);
      continue;
    }
    const all = readdirSync(file, { recursive: true, encoding: "utf8" });
    const found = all.filter((f) => path2.basename(f) === "report.json").sort();
    const withReport = new Set(found.map((f) => path2.dirname(f)));
    const above = (dir) => dir === "." ? found.length > 0 : found.some((f) => f.startsWith(dir + path2.sep));
    const pages = all.filter((f) => path2.basename(f) === "report.md" && !withReport.has(path2.dirname(f)) && !above(path2.dirname(f)));
    const legs = pages.filter((page) => readFileSync2(path2.join(file, page), "utf8").slice(0, 300).includes("APISnoop"));
    if (found.length === 0 && legs.length === 0) throw new InputError("reports", `${file} holds no report.json`);
    files.push(...found.map((f) => path2.join(file, f)));
    without.push(...legs.map((page) => path2.join(file, path2.dirname(page))));
  }
  return { files, without: without.sort() };
}
var DEFAULTS = {
  kubernetesVersion: "1.36",
  kindVersion: "v0.33.0",
  helmVersion: "v3.21.4",
  helmTimeout: "5m",
  testCommand: "helm test",
  clusterName: "apisnoop",
  conformance: "auto",
  failOn: "alpha,beta",
  rbac: "auto",
  rbacFailOn: "none",
  commentKey: "default",
  artifactName: "apisnoop-report"
};
var CLUSTER_INPUTS = [
  ["chart-version", "is an option of the chart's helm install"],
  ["repo", "is an option of the chart's helm install"],
  ["values", "is an option of the chart's helm install"],
  ["set", "is an option of the chart's helm install"],
  ["helm-timeout", "is an option of the chart's helm install and helm test", DEFAULTS.helmTimeout],
  ["service-account", "is created in the namespace before the install"],
  ["setup-command", "prepares the kind cluster the Action makes"],
  ["test-command", "runs the app's tests on the kind cluster the Action makes", DEFAULTS.testCommand],
  ["load-images", "loads images into the kind cluster the Action makes"],
  ["node-image", "sets up the kind cluster the Action makes"],
  ["runtime-config", "sets up the kind cluster the Action makes"],
  ["cluster-name", "names the kind cluster the Action makes", DEFAULTS.clusterName],
  ["kind-version", "is a tool of the kind cluster the Action makes", DEFAULTS.kindVersion],
  ["kubectl-version", "is a tool of the kind cluster the Action makes"],
  ["helm-version", "is a tool of the kind cluster the Action makes", DEFAULTS.helmVersion]
];
function refuseClusterInputs(get, mode) {
  for (const [name, what, byDefault = ""] of CLUSTER_INPUTS) {
    const value = get(name);
    if (value !== "" && value !== byDefault) throw new InputError(name, `${what}: not used with "${mode}"`);
  }
}
function checkAppName(name, of) {
  const max = of === "helm" ? 53 : 63;
  if (!DNS_LABEL.test(name) || name.length > max) {
    const what = of === "helm" ? "a valid Helm release name" : "a valid name for the app";
    throw new InputError("release", `"${name}" is not ${what} (lower-case letters, digits and -, at most ${max})`);
  }
  return name;
}
function checkNamespace(namespace, input = "namespace") {
  if (!isNamespaceName(namespace)) throw new InputError(input, `"${namespace}" is not a valid namespace name`);
  return namespace;
}
function readRbac(get, workspace, mode) {
  const switchGiven = get("rbac") || DEFAULTS.rbac;
  if (!isWord(switchGiven, "auto") && !isWord(switchGiven, "off")) throw new InputError("rbac", `"${switchGiven}" is not auto or off`);
  const switchInput = isWord(switchGiven, "off") ? "off" : "auto";
  const failOnInput = get("rbac-fail-on") || DEFAULTS.rbacFailOn;
  const failOnWord = failOnInput.toLowerCase();
  if (failOnWord !== "none" && failOnWord !== "overprivileged") {
    throw new InputError("rbac-fail-on", `"${failOnInput}" is not none or overprivileged`);
  }
  const failOn = failOnWord === "overprivileged" ? ["overprivileged"] : [];
  const thresholdInput = get("rbac-threshold") || "0";
  if (!/^\d+$/.test(thresholdInput)) throw new InputError("rbac-threshold", `"${thresholdInput}" is not a whole number >= 0`);
  const serviceAccounts = splitList(get("rbac-serviceaccount"), /[\s,]/).map((sa) => {
    const m = /^(?:system:serviceaccount:)?([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(sa);
    if (!m) throw new InputError("rbac-serviceaccount", `"${sa}" is not a service account as namespace:name`);
    return `${m[1]}:${m[3]}`;
  });
  const granted = splitList(get("rbac-granted")).map((f) => {
    const file = resolveFrom(workspace, f);
    mustExist("rbac-granted", file, "RBAC manifest", true);
    return file;
  });
  if (switchInput === "off") {
    if (failOn.length > 0) throw new InputError("rbac-fail-on", "overprivileged needs the RBAC comparison, which rbac: off turns off");
    return null;
  }
  if (mode === "reports") {
    if (failOn.length > 0) throw new InputError("rbac-fail-on", 'is not used with "reports": least privilege is judged in the jobs that analyzed');
    return null;
  }
  if (mode === "audit-log" && (serviceAccounts.length === 0 || granted.length === 0)) {
    if (serviceAccounts.length > 0) throw new InputError("rbac-granted", "with audit-log, rbac-serviceaccount needs the RBAC manifests it is granted");
    if (granted.length > 0) throw new InputError("rbac-serviceaccount", "with audit-log, rbac-granted needs the service account to check (namespace:name)");
    if (failOn.length > 0) throw new InputError("rbac-fail-on", "with audit-log, overprivileged needs rbac-serviceaccount and rbac-granted");
    return null;
  }
  const releaseNamespace = mode === "audit-log" ? get("namespace") : "";
  return { serviceAccounts, granted, failOn, threshold: Number(thresholdInput), ...releaseNamespace ? { releaseNamespace } : {} };
}
function readCommentTarget(read = (name) => getInput(name), env = process.env) {
  const get = (name) => read(name).trim();
  const prInput = get("pr-number");
  let prNumber = null;
  if (prInput) {
    if (!/^\d+$/.test(prInput) || Number(prInput) < 1) throw new InputError("pr-number", `"${prInput}" is not a pull request number`);
    prNumber = Number(prInput);
  }
  const commentKey = get("comment-key") || DEFAULTS.commentKey;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(commentKey)) {
    throw new InputError("comment-key", `"${commentKey}" may hold only letters, digits, '.', '_' and '-'`);
  }
  return { token: read("github-token"), comment: parseBoolean("comment", get("comment"), true), commentKey, prNumber, writer: readCommentWriter(read, env) };
}
function readReportPlace(read, env = process.env, cluster, lenient = false) {
  const get = (name) => read(name).trim();
  const or = (value, fallback) => {
    if (!lenient) return value();
    try {
      return value();
    } catch {
      return fallback;
    }
  };
  const own = cluster && cluster !== DEFAULTS.clusterName ? `-${cluster}` : "";
  const defaultName = `${DEFAULTS.artifactName}${own}`;
  const artifactName = or(() => {
    const name = get("artifact-name") || defaultName;
    if (/[":<>|*?\\/\r\n]/.test(name)) throw new InputError("artifact-name", `"${name}" contains a character artifact names may not hold`);
    return name;
  }, defaultName);
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const reportDirInput = get("report-dir");
  const defaultDir = path2.join(env.RUNNER_TEMP || tmpdir(), `apisnoop${own}`);
  const given = reportDirInput ? resolveFrom(workspace, reportDirInput) : defaultDir;
  const notDirectory = notDirectoryWhy(given);
  if (notDirectory && !lenient) throw new InputError("report-dir", notDirectory);
  const dir = notDirectory ? defaultDir : given;
  const uploadArtifact = or(() => parseBoolean("upload-artifact", get("upload-artifact"), true), true);
  return { dir, artifactName, uploadArtifact };
}
function clusterFromInputs(read = (name) => getInput(name)) {
  if (!read("chart").trim() && !read("install-command").trim()) return null;
  const name = read("cluster-name").trim() || DEFAULTS.clusterName;
  return isClusterName(name) ? name : null;
}
function appFromInputs(read = (name) => getInput(name)) {
  const chart = read("chart").trim();
  const named = chart !== "" || read("install-command").trim() !== "" || read("audit-log").trim() !== "" && read("reports").trim() === "";
  if (!named) return void 0;
  const release = read("release").trim() || (chart ? releaseFromChart(chart, void 0, read("repo").trim() !== "") : read("namespace").trim());
  return DNS_LABEL.test(release) && release.length <= (chart ? 53 : 63) ? release : void 0;
}
function readFailOn(input) {
  try {
    return parseFailOn(input);
  } catch (err) {
    if (!(err instanceof FailOnError)) throw err;
    const rbac = err.unknown.some((w) => w.toLowerCase() === "overprivileged") ? "; least privilege is judged by the rbac-fail-on input" : "";
    throw new InputError("fail-on", `${err.reason}${rbac}`);
  }
}
function reportsPolicy(failOnInput, failOn, allowInput) {
  const allow = allowList(allowInput);
  return { ...failOnInput ? { failOn } : {}, ...allowInput ? { allow } : {} };
}
var isWord = (input, word) => input.trim().toLowerCase() === word;
var allowList = (input) => noneList("allow", splitList(input, /[\s,]/), "entries");
function noneList(input, list, values) {
  const read = noneAsEmpty(list, values);
  if ("refused" in read) throw new InputError(input, read.refused);
  return read;
}
function readSettings(read = (name) => getInput(name), env = process.env) {
  const get = (name) => read(name).trim();
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const token = read("github-token");
  if (token) setSecret(token);
  const unknown = unknownInputs(env);
  if (unknown.length > 0) throw new UnknownInputError(unknown);
  const chartInput = get("chart");
  for (const name of ["chart", "chart-version", "repo"]) {
    if (get(name).startsWith("-")) throw new InputError(name, `"${get(name)}" starts with "-", which helm would read as a flag`);
  }
  const installCommand = read("install-command").trim();
  if (chartInput && installCommand) {
    throw new InputError("install-command", 'installs the app instead of "chart" (helm install): set one of them, not both');
  }
  const installer = chartInput ? "chart" : installCommand ? "install-command" : null;
  const auditLogInput = splitList(get("audit-log"));
  const reportsInput = splitList(get("reports"));
  if (installer && auditLogInput.length > 0) {
    throw new InputError("audit-log", `set either "${installer}" (run it on a kind cluster) or "audit-log" (analyze a log you have), not both`);
  }
  if (reportsInput.length > 0 && (installer || auditLogInput.length > 0)) {
    throw new InputError("reports", `merges the reports of other jobs: set it without "${installer ?? "audit-log"}"`);
  }
  if (!installer && auditLogInput.length === 0 && reportsInput.length === 0) {
    throw new InputError(
      "chart",
      'required: the Helm chart to install (a path or repo/chart), unless "install-command", "audit-log" or "reports" is given'
    );
  }
  const mode = installer ? "cluster" : auditLogInput.length > 0 ? "audit-log" : "reports";
  const { files: reports, without: reportsMissing } = mode === "reports" ? reportFiles(reportsInput, workspace) : { files: [], without: [] };
  const expectedInput = get("expected-reports");
  let reportsExpected = null;
  if (expectedInput) {
    if (mode !== "reports") throw new InputError("expected-reports", 'counts the legs of "reports": set it with reports');
    if (!/^\d+$/.test(expectedInput) || Number(expectedInput) < 1) throw new InputError("expected-reports", `"${expectedInput}" is not a number of reports (1 or more)`);
    reportsExpected = Number(expectedInput);
  }
  if (mode === "reports") {
    const unused = (name, given) => {
      if (given) throw new InputError(name, 'is not used with "reports": each report was analyzed in its own job; set it there');
    };
    for (const name of ["namespace", "release", "spec", "namespaces", "service-accounts", "users", "user-agents", "next-releases", "rbac-serviceaccount", "rbac-granted"]) unused(name, get(name) !== "");
    unused("include-system", parseBoolean("include-system", get("include-system"), false));
    unused("conformance", (get("conformance") || DEFAULTS.conformance) !== DEFAULTS.conformance);
    unused("kubernetes-version", (get("kubernetes-version") || DEFAULTS.kubernetesVersion) !== DEFAULTS.kubernetesVersion);
  }
  if (mode !== "cluster") refuseClusterInputs(get, mode);
  const setupCommand = get("setup-command").trim();
  const kubernetesVersion = get("kubernetes-version") || DEFAULTS.kubernetesVersion;
  if (!isVersion(kubernetesVersion)) {
    throw new InputError("kubernetes-version", `"${kubernetesVersion}" is not a Kubernetes version like 1.36`);
  }
  let chart = null;
  let cluster = null;
  if (mode === "cluster") {
    if (installCommand) {
      for (const name2 of ["chart-version", "repo", "values", "set"]) {
        if (get(name2)) throw new InputError(name2, 'is a helm install option, not used with "install-command": pass it in the command, or give "chart"');
      }
      const timeout2 = get("helm-timeout") || DEFAULTS.helmTimeout;
      if (timeout2 !== DEFAULTS.helmTimeout) {
        throw new InputError("helm-timeout", 'is the timeout of helm install and helm test, not used with "install-command": wait in the command itself (kubectl rollout status --timeout)');
      }
      if (!get("namespace") && !get("release")) {
        throw new InputError(
          "namespace",
          `required with "install-command": the namespace the app runs in (kubebuilder's <project>-system), created before the command; its service accounts' requests are the app's`
        );
      }
    }
    const local = chartInput ? resolveFrom(workspace, chartInput) : "";
    const repoGiven = get("repo") !== "";
    if (chartInput) checkChart(chartInput, local, workspace, repoGiven);
    const chartRef = !chartInput ? null : !repoGiven && existsSync2(local) ? local : chartInput;
    if (chartRef === local && get("chart-version")) {
      throw new InputError("chart-version", `is the version of a chart of a repository (repo, oci://, repo/chart), not used with the local chart ${local}: helm installs it as it is, whatever its version`);
    }
    const release = get("release") || (chartInput ? releaseFromChart(chartInput, workspace, repoGiven) : get("namespace"));
    if (!release) {
      throw new InputError("release", `no release name could be derived from chart "${chartInput}" (no Chart.yaml name, no path or reference name): set release`);
    }
    checkAppName(release, chartInput ? "helm" : "app");
    const namespace = checkNamespace(get("namespace") || release);
    const serviceAccount = get("service-account") || null;
    if (serviceAccount && (!DNS_SUBDOMAIN.test(serviceAccount) || serviceAccount.length > 253)) {
      throw new InputError("service-account", `"${serviceAccount}" is not a valid service account name`);
    }
    const valuesFiles = splitList(get("values")).map((f) => {
      const file = resolveFrom(workspace, f);
      mustExist("values", file, "values file");
      if (isDirectory(file)) throw new InputError("values", `values file ${file} is a directory: give the YAML files in it`);
      return file;
    });
    const setValues = splitLines(get("set"));
    for (const pair of setValues) {
      if (!/^[^=\s]+=/.test(pair)) throw new InputError("set", `"${pair}" is not a key=value pair`);
    }
    const timeout = get("helm-timeout") || DEFAULTS.helmTimeout;
    if (!GO_DURATION.test(timeout)) throw new InputError("helm-timeout", `"${timeout}" is not a duration like 5m or 90s`);
    const testInput = get("test-command") || DEFAULTS.testCommand;
    chart = {
      chart: chartRef,
      installCommand: installCommand || null,
      setupCommand: setupCommand || null,
      version: get("chart-version") || null,
      repo: get("repo") || null,
      release,
      namespace,
      serviceAccount,
      valuesFiles,
      setValues,
      timeout,
      testCommand: isWord(testInput, "none") ? null : testInput
    };
    const name = get("cluster-name") || DEFAULTS.clusterName;
    if (!isClusterName(name)) {
      throw new InputError("cluster-name", `"${name}" is not a valid kind cluster name (lower-case letters, digits and -)`);
    }
    const runtimeConfig = {};
    for (const item of splitList(get("runtime-config"))) {
      const m = /^([a-z0-9.-]+\/[a-z0-9]+|api\/(all|ga|beta|alpha))=(true|false)$/.exec(item);
      if (!m) throw new InputError("runtime-config", `"${item}" is not of the form group/version=true (e.g. storage.k8s.io/v1beta1=true)`);
      runtimeConfig[m[1]] = m[3];
    }
    const loadImages2 = splitList(get("load-images"), /[\s,]/);
    for (const image of loadImages2) {
      if (!/^[\w][\w.\-/:@]*$/.test(image)) throw new InputError("load-images", `"${image}" is not a Docker image reference (name[:tag] or name@digest)`);
    }
    const nodeImage = get("node-image");
    const v = kubernetesVersion.replace(/^v/, "");
    if (!nodeImage && /^\d+\.\d+$/.test(v) && !NODE_IMAGES[v]) {
      throw new InputError("kubernetes-version", noPinnedImage(v));
    }
    const kindVersion = toolVersion("kind-version", get("kind-version"), DEFAULTS.kindVersion);
    const kindProblem = kindCannotRun(kindVersion, nodeImage ? imageKubernetesVersion(nodeImage) : kubernetesVersion);
    if (kindProblem) throw new InputError("kind-version", kindProblem);
    cluster = {
      name,
      kubernetesVersion,
      nodeImage,
      runtimeConfig,
      loadImages: loadImages2,
      tools: {
        kind: kindVersion,
        kubectl: toolVersion("kubectl-version", get("kubectl-version"), ""),
        helm: toolVersion("helm-version", get("helm-version"), DEFAULTS.helmVersion)
      }
    };
  }
  const auditLogs = auditLogInput.map((f) => {
    const file = resolveFrom(workspace, f);
    mustExist("audit-log", file, "audit log", true);
    return file;
  });
  const specInput = get("spec");
  const spec = specInput ? resolveFrom(workspace, specInput) : null;
  if (spec) {
    mustExist("spec", spec, "OpenAPI spec");
    if (!statSync2(spec).isFile()) throw new InputError("spec", `${spec} is not a file`);
  }
  const ns = mode === "audit-log" ? get("namespace") ? checkNamespace(get("namespace")) : null : chart?.namespace ?? null;
  const app = mode === "audit-log" ? get("release") ? checkAppName(get("release"), "app") : ns : chart?.release ?? null;
  const once = (values) => [...new Set(values)];
  const namespaces = once(splitList(get("namespaces"), /[\s,]/)).map((n) => checkNamespace(n, "namespaces"));
  const serviceAccounts = once(splitList(get("service-accounts"), /[\s,]/));
  const userAgents = once(splitList(get("user-agents")));
  for (const sa of serviceAccounts) {
    try {
      serviceAccountUser(sa);
    } catch (err) {
      throw new InputError("service-accounts", err.message);
    }
  }
  const users = once(splitList(get("users")));
  const selection = {
    namespaces: namespaces.length > 0 ? namespaces : ns ? [ns] : [],
    serviceAccounts: serviceAccounts.length > 0 ? serviceAccounts : ns ? [`${ns}:*`] : [],
    // An install-command acts as a user of its own (install-identity.ts): its requests, wherever they act, as helm's.
    users: users.length > 0 ? users : chart?.installCommand ? [INSTALL_USER] : [],
    // helm's requests are the chart's install and tests; an install-command's are told apart by their user instead.
    userAgents: userAgents.length > 0 ? userAgents : chart?.chart ? ["helm"] : [],
    includeSystem: parseBoolean("include-system", get("include-system"), false)
  };
  if (chart?.setupCommand && !users.some((u) => globMatcher(u, "user")(SETUP_USER))) selection.excludeUsers = [SETUP_USER];
  const failOnInput = get("fail-on") || (mode === "reports" ? "" : DEFAULTS.failOn);
  const failOn = failOnInput === "" ? [] : readFailOn(failOnInput);
  const rbac = readRbac(get, workspace, mode);
  const nextInput = get("next-releases");
  const nextReleases = nextInput === "" ? void 0 : noneList("next-releases", splitList(nextInput), "releases").map((r) => releaseOrFile("next-releases", r, workspace));
  const conformanceInput = get("conformance") || DEFAULTS.conformance;
  const conformance = isWord(conformanceInput, "auto") ? "auto" : isWord(conformanceInput, "none") ? "none" : releaseOrFile("conformance", conformanceInput, workspace);
  const { comment, commentKey, prNumber, writer } = readCommentTarget(read, env);
  const { dir: reportDir, artifactName, uploadArtifact } = readReportPlace(read, env, cluster?.name ?? null);
  return {
    mode,
    reports,
    reportsMissing,
    reportsExpected,
    chart,
    cluster,
    analysis: {
      auditLogs,
      app,
      spec,
      kubernetesVersion: kubernetesVersion.replace(/^v/, ""),
      nextReleases,
      conformance,
      selection,
      policy: mode === "reports" ? reportsPolicy(failOnInput, failOn, get("allow")) : { failOn, allow: allowList(get("allow")) }
    },
    rbac,
    report: {
      dir: reportDir,
      comment,
      commentKey,
      prNumber,
      writer,
      uploadArtifact,
      artifactName
    },
    token
  };
}

// src/action/cluster-run.ts
import { tmpdir as tmpdir3 } from "node:os";
import { rm as rm4, writeFile as writeFile4 } from "node:fs/promises";
import path8 from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

// src/cluster/collect.ts
import { copyFile, open, readdir, readFile as readFile2, rm, stat, truncate } from "node:fs/promises";
import path3 from "node:path";
var LOG_FILE = /\.log(\.gz)?$/;
async function logFilesIn(dir) {
  let names;
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files = [];
  for (const name of names.filter((n) => LOG_FILE.test(n)).sort()) {
    const file = path3.join(dir, name);
    if ((await stat(file).catch(() => null))?.isFile()) files.push(file);
  }
  return files;
}
var COPY_TIMEOUT_MS = 6e5;
async function cutTornLastLine(file) {
  const fh = await open(file, "r");
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(1 << 16);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - buf.length);
      const { bytesRead } = await fh.read(buf, 0, end - start, start);
      const nl = buf.subarray(0, bytesRead).lastIndexOf(10);
      if (nl !== -1) {
        const keep = start + nl + 1;
        if (keep === size) return 0;
        await truncate(file, keep);
        return size - keep;
      }
      end = start;
    }
    if (size > 0) await truncate(file, 0);
    return size;
  } finally {
    await fh.close();
  }
}
async function cutTornLastLines(files) {
  for (const file of files) {
    if (file.endsWith(".gz")) continue;
    const cut = await cutTornLastLine(file);
    if (cut > 0) logInfo(`${path3.basename(file)} ended inside an event the API server was still writing when it was copied: its last ${cut} bytes (no whole line) are left out`);
  }
  return files;
}
async function copyAuditLogs(c) {
  const files = await cutTornLastLines(await copyAuditFiles(c));
  for (const file of files) if ((await stat(file)).size > 0) return files;
  throw new Error(
    `the audit log copied out of ${c.container} is empty (${files.map((f) => path3.basename(f)).join(", ")}): the API server recorded no request, not even the Action's own checks of the namespace, so the app's could not be seen: did the API server start with the audit flags and policy?`
  );
}
async function removeEarlierLogs(destDir) {
  const earlier = await logFilesIn(destDir);
  for (const file of earlier) await rm(file, { force: true });
  if (earlier.length > 0) {
    const names = earlier.map((f) => path3.basename(f));
    logInfo(`${destDir} held ${earlier.length} audit log file(s) of an earlier run (${names.slice(0, 3).join(", ")}${names.length > 3 ? ", \u2026" : ""}): removed, so that only this cluster's audit log is read`);
  }
  await makeDir(destDir);
}
async function copyAuditFiles(c) {
  await removeEarlierLogs(c.destDir);
  const res = await runCommand(c.docker ?? "docker", ["cp", `${c.container}:${AUDIT_LOG_DIR_IN_NODE}/.`, c.destDir], { timeoutMs: c.timeoutMs ?? COPY_TIMEOUT_MS });
  if (res.ok) {
    const files = await logFilesIn(c.destDir);
    if (files.length > 0) return files;
    throw new Error(`docker cp from ${c.container} copied no audit log (*.log) out of ${AUDIT_LOG_DIR_IN_NODE}: did the API server start with the audit flags?`);
  }
  const dockerFailure = `${res.failure}${saidLast(res)}`;
  const fromHost = c.hostDir ? await logFilesIn(c.hostDir) : [];
  if (fromHost.length === 0) {
    throw new Error(`could not copy the audit log out of ${c.container} (${dockerFailure}), and ${c.hostDir ? `${c.hostDir} holds none` : "there is no host mount to read it from"}`);
  }
  logWarning(`docker cp failed (${dockerFailure}); reading the audit log from the host mount ${c.hostDir}`);
  const copied = [];
  for (const file of fromHost) {
    const dest = path3.join(c.destDir, path3.basename(file));
    try {
      await (c.copy ?? copyFile)(file, dest);
    } catch (err) {
      const code = err.code ?? "";
      if (code !== "EACCES" && code !== "EPERM") throw err;
      const viaSudo = await runCommand("sudo", ["-n", "cat", file], { stdoutFile: dest, quiet: true });
      if (!viaSudo.ok) {
        throw new Error(
          `could not copy the audit log out of ${c.container} (${dockerFailure}), and ${file} on the host mount is not readable (${code}; sudo -n cat: ${viaSudo.failure}${saidLast(viaSudo)})`,
          { cause: err }
        );
      }
    }
    copied.push(dest);
  }
  return copied;
}
async function fetchServedSpec(kubectl, kubeconfig, dest, timeoutMs = READ_TIMEOUT_MS) {
  await makeDir(path3.dirname(dest));
  const res = await runCommand(kubectl, ["--kubeconfig", kubeconfig, "get", "--raw", "/openapi/v2", "--request-timeout", REQUEST_TIMEOUT], { stdoutFile: dest, timeoutMs });
  if (!res.ok) throw new Error(`kubectl get --raw /openapi/v2 failed (${res.failure})${timedOutText(res)}${saidLast(res)}`);
  const text = await readFile2(dest, "utf8");
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`kubectl get --raw /openapi/v2 did not return JSON (${dest}: ${err.message})`, { cause: err });
  }
  if (typeof doc.swagger !== "string" || typeof doc.paths !== "object" || doc.paths === null) {
    throw new Error(`kubectl get --raw /openapi/v2 returned JSON that is not an OpenAPI v2 document (${dest})`);
  }
  return dest;
}

// src/cluster/redact-log.ts
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm as rm2 } from "node:fs/promises";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
var KEPT_QUERY_PARAMETERS = /* @__PURE__ */ new Set([
  "watch",
  "resourceVersion",
  "resourceVersionMatch",
  "limit",
  "continue",
  "timeout",
  "timeoutSeconds",
  "allowWatchBookmarks",
  "sendInitialEvents",
  "labelSelector",
  "fieldSelector",
  "includeUninitialized",
  "propagationPolicy",
  "gracePeriodSeconds",
  "orphanDependents",
  "dryRun",
  "fieldManager",
  "fieldValidation",
  "force",
  "pretty",
  "container",
  "follow",
  "tailLines",
  "limitBytes",
  "sinceSeconds",
  "sinceTime",
  "previous",
  "timestamps",
  "insecureSkipTLSVerifyBackend",
  "stdin",
  "stdout",
  "stderr",
  "tty",
  "ports"
]);
var REDACTED = "REDACTED";
var NAME = /^[A-Za-z0-9_.[\]-]{1,64}$/;
function redactedParameter(part) {
  const eq = part.indexOf("=");
  const name = eq === -1 ? part : part.slice(0, eq);
  if (KEPT_QUERY_PARAMETERS.has(name)) return part;
  return eq !== -1 && NAME.test(name) ? `${name}=${REDACTED}` : REDACTED;
}
function redactedUri(uri) {
  const q = uri.indexOf("?");
  if (q === -1) return uri;
  const query = uri.slice(q + 1);
  return `${uri.slice(0, q + 1)}${query === "" ? "" : query.split("&").map(redactedParameter).join("&")}`;
}
var REQUEST_URI = /"requestURI":"((?:[^"\\]|\\.)*)"/g;
var GO_ESCAPED = /[<>&]/g;
var goEscape = (c) => `\\u00${c.charCodeAt(0).toString(16)}`;
function redactedLine(line) {
  if (!line.includes('"requestURI":"')) return line;
  return line.replace(REQUEST_URI, (whole, raw) => {
    let uri;
    try {
      uri = JSON.parse(`"${raw}"`);
    } catch {
      return whole;
    }
    const redacted = redactedUri(uri);
    if (redacted === uri) return whole;
    const text = JSON.stringify(redacted);
    return `"requestURI":${raw.includes("\\u00") ? text.replace(GO_ESCAPED, goEscape) : text}`;
  });
}
async function* redactedLines(input) {
  for await (const line of createInterface({ input, crlfDelay: Infinity })) yield `${redactedLine(line)}
`;
}
async function redactLogFile(file) {
  const temp = `${file}.redacting`;
  try {
    const source = createReadStream(file);
    if (file.endsWith(".gz")) await pipeline(Readable.from(redactedLines(source.pipe(createGunzip()))), createGzip(), createWriteStream(temp));
    else await pipeline(Readable.from(redactedLines(source)), createWriteStream(temp));
    await rename(temp, file);
  } finally {
    await rm2(temp, { force: true });
  }
}

// src/cluster/chart-dependencies.ts
import { existsSync as existsSync3, readFileSync as readFileSync3, statSync as statSync3 } from "node:fs";
import path4 from "node:path";
function declaredDependencies(chartDir) {
  for (const f of ["Chart.yaml", "requirements.yaml"]) {
    let doc;
    try {
      doc = load(readFileSync3(path4.join(chartDir, f), "utf8"));
    } catch {
      continue;
    }
    if (Array.isArray(doc?.dependencies) && doc.dependencies.length > 0) {
      return doc.dependencies.map((d) => ({ name: String(d?.name ?? ""), repository: String(d?.repository ?? "") }));
    }
  }
  return [];
}
function localChartDependencies(c) {
  if (c.chart === null || c.repo !== null || !existsSync3(path4.join(c.chart, "Chart.yaml")) || !statSync3(c.chart).isDirectory()) return [];
  return declaredDependencies(c.chart);
}
function missingDependencies(listed) {
  const rows = listed.split("\n").map((l) => l.trim().split(/\s+/));
  return rows.filter((r) => r.length >= 3 && r[0] !== "NAME" && r.at(-1) === "missing").map((r) => r[0]);
}
function repositoriesToAdd(deps) {
  return [...new Set(deps.map((d) => d.repository).filter((r) => /^https?:\/\//i.test(r)))];
}
async function buildMissingDependencies(helm, chartDir, declared) {
  const listed = await runCommand(helm, ["dependency", "list", chartDir], { quiet: true });
  if (!listed.ok) return { problem: `helm dependency list ${chartDir} failed (${listed.failure})${saidLast(listed)}` };
  const missing = missingDependencies(listed.stdout);
  if (missing.length === 0) return null;
  const because = `: its dependencies ${missing.join(", ")} are missing from charts/`;
  for (const [i, url] of repositoriesToAdd(declared).entries()) {
    const added = await runCommand(helm, ["repo", "add", `apisnoop-dependency-${i + 1}`, url, "--force-update"]);
    if (!added.ok) return { problem: `helm repo add ${url} failed (${added.failure})${saidLast(added)}${because}` };
  }
  const built = await runCommand(helm, ["dependency", "build", chartDir]);
  if (!built.ok) return { problem: `helm dependency build ${chartDir} failed (${built.failure})${saidLast(built)}${because}` };
  return { built: missing };
}

// src/cluster/diagnose.ts
var MESSAGE_MAX = 120;
var clip2 = (s) => {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > MESSAGE_MAX ? `${one.slice(0, MESSAGE_MAX - 1)}\u2026` : one;
};
function containerWhy(c, init) {
  const name = `${init ? "init container" : "container"} ${c.name ?? "?"}`;
  const restarts = c.restartCount ? `, restarted ${c.restartCount} time${c.restartCount === 1 ? "" : "s"}` : "";
  const last = c.lastState?.terminated;
  const lastExit = last ? `, last exit code ${last.exitCode ?? "?"}${last.reason ? ` (${last.reason})` : ""}` : "";
  const w = c.state?.waiting;
  const message = w?.message && w.reason !== "CrashLoopBackOff" ? `: ${clip2(w.message)}` : "";
  if (w) return `${name}: ${w.reason ?? "waiting"}${message}${restarts}${lastExit}`;
  const t = c.state?.terminated;
  if (t && (t.exitCode ?? 1) !== 0) return `${name}: ${t.reason ?? "terminated"}, exit code ${t.exitCode ?? "?"}${t.message ? `: ${clip2(t.message)}` : ""}${restarts}`;
  if (!init && c.state?.running && c.ready === false) return `${name}: running, not ready (its readiness probe)${restarts}`;
  return null;
}
function podsNotReady(list) {
  const lines = [];
  for (const pod of list.items ?? []) {
    const s = pod.status ?? {};
    if (s.phase === "Succeeded") continue;
    if (s.phase === "Running" && s.conditions?.some((c) => c.type === "Ready" && c.status === "True")) continue;
    const why = [];
    const unscheduled = s.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
    if (unscheduled) why.push(`${unscheduled.reason ?? "not scheduled"}${unscheduled.message ? `: ${clip2(unscheduled.message)}` : ""}`);
    if (s.reason) why.push(`${s.reason}${s.message ? `: ${clip2(s.message)}` : ""}`);
    for (const c of s.initContainerStatuses ?? []) {
      const w = containerWhy(c, true);
      if (w) why.push(w);
    }
    for (const c of s.containerStatuses ?? []) {
      const w = containerWhy(c, false);
      if (w) why.push(w);
    }
    lines.push(`${pod.metadata?.name ?? "?"} (${s.phase ?? "unknown phase"})${why.length ? `: ${why.join("; ")}` : ""}`);
  }
  return lines;
}
var PODS_SAID = 3;
async function diagnoseNamespace(kubectl, kubeconfig, namespace, group2) {
  const k = (args, quiet) => runCommand(kubectl, ["--kubeconfig", kubeconfig, ...args, "--namespace", namespace, "--request-timeout", REQUEST_TIMEOUT], { quiet, timeoutMs: READ_TIMEOUT_MS });
  await k(["get", "events", "--sort-by", ".lastTimestamp"], false);
  const got = await k(["get", "pods", "--output", "json"], true);
  if (!got.ok) {
    logInfo(`The pods of ${namespace} could not be read (${got.failure})${saidLast(got)}`);
    return [];
  }
  let pods;
  try {
    pods = podsNotReady(JSON.parse(got.stdout));
  } catch (err) {
    logInfo(`kubectl get pods printed no pod list: ${err.message}`);
    return [];
  }
  logInfo(pods.length === 0 ? `Every pod of ${namespace} is ready (or done).` : `Pods of ${namespace} not ready:
${pods.map((p) => `  ${p}`).join("\n")}`);
  if (pods.length === 0) return [];
  const log = `in the step's log (group "${group2}")`;
  const rest = pods.length > PODS_SAID ? `${pods.length - PODS_SAID} more pods not ready, and the events of namespace ${namespace}, are ${log}.` : `The events of namespace ${namespace} are ${log}.`;
  return [...pods.slice(0, PODS_SAID).map((p) => `Not ready in namespace ${namespace}: pod ${p}`), rest];
}
async function unservedKindHint(output, release) {
  const m = /no matches for kind "([^"]+)" in version "([^"]+)"/.exec(output);
  if (!m) return null;
  const [, kind, gv] = m;
  const [group2, version] = gv.includes("/") ? gv.split("/") : ["", gv];
  const spec = await shippedRelease(release).catch(() => null);
  const of = (o) => (o.group ?? "") === group2;
  const versions = spec ? [...new Set(spec.operations.filter(of).map((o) => o.version).filter((v) => !!v))].sort() : [];
  if (spec && versions.includes(version)) {
    const gate = /alpha/.test(version) ? " (an alpha API may need its feature gate too, which this Action does not set)" : "";
    return `${gv} is a Kubernetes ${release} API that the API server leaves off by default: enable it with the input runtime-config: ${gv}=true${gate}.`;
  }
  if (versions.length > 0) {
    return `Kubernetes ${release} does not serve ${gv} (removed, or not there yet); it serves ${group2 || "core"} as ${versions.map((v) => `${group2 ? `${group2}/` : ""}${v}`).join(", ")}: move the ${kind} there, or test on another kubernetes-version.`;
  }
  if (!spec) return `If ${gv} is a Kubernetes API left off by default, enable it with the input runtime-config: ${gv}=true; if it is a custom resource's, its CustomResourceDefinition must be installed first.`;
  return `No CustomResourceDefinition defines ${kind} in ${gv}: ship it in the chart's crds/ (installed before the templates), or install another project's first with setup-command.`;
}

// src/cluster/helm.ts
import { mkdtemp, readFile as readFile3, rm as rm3, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import path5 from "node:path";
function installArgs(c, kubeconfig) {
  if (c.chart === null) throw new Error("installArgs: no chart (install-command installs the app)");
  const args = ["install", c.release, c.chart, "--namespace", c.namespace, "--kubeconfig", path5.resolve(kubeconfig), "--wait", "--timeout", c.timeout];
  if (c.repo) args.push("--repo", c.repo);
  if (c.version) args.push("--version", c.version);
  for (const f of c.valuesFiles) args.push("--values", path5.resolve(f));
  for (const pair of c.setValues) args.push("--set", pair);
  return args;
}
async function installApp(helm, c, kubeconfig, cluster) {
  if (c.installCommand !== null) return runUserCommand(c.installCommand, c, kubeconfig, cluster);
  if (c.repo === null) return runCommand(helm, installArgs(c, kubeconfig));
  const cwd = await mkdtemp(path5.join(process.env.RUNNER_TEMP || tmpdir2(), "apisnoop-helm-"));
  try {
    return await runCommand(helm, installArgs(c, kubeconfig), { cwd });
  } finally {
    await rm3(cwd, { recursive: true, force: true });
  }
}
function testInvocation(helm, c, kubeconfig) {
  if (c.testCommand === null || c.testCommand === "helm test" && c.chart === null) return null;
  if (c.testCommand === "helm test") {
    return { file: helm, args: ["test", c.release, "--namespace", c.namespace, "--kubeconfig", kubeconfig, "--timeout", c.timeout, "--logs"] };
  }
  return { file: "bash", args: bashArgs(c.testCommand) };
}
function bashArgs(command) {
  return ["--noprofile", "--norc", "-eo", "pipefail", "-c", command];
}
function userCommandEnv(c, kubeconfig, cluster) {
  return { KUBECONFIG: kubeconfig, APISNOOP_RELEASE: c.release, APISNOOP_NAMESPACE: c.namespace, APISNOOP_CLUSTER: cluster };
}
function runUserCommand(command, c, kubeconfig, cluster) {
  return runCommand("bash", bashArgs(command), { env: userCommandEnv(c, kubeconfig, cluster) });
}
function runChartTests(helm, c, kubeconfig, cluster) {
  const inv = testInvocation(helm, c, kubeconfig);
  if (!inv) return null;
  return runCommand(inv.file, inv.args, { env: userCommandEnv(c, kubeconfig, cluster) });
}
function testLogsOnlyFailure(res) {
  const gone = /^Error: unable to get pod logs for (\S+): pods "[^"]*" not found\s*$/m.exec(res.stderr);
  if (!gone) return null;
  const phases = [...testStatus(res.stdout).matchAll(/^Phase:\s+(\S+)\s*$/gm)].map((m) => m[1]);
  return phases.length > 0 && phases.every((p) => p === "Succeeded") ? gone[1] : null;
}
function failedTestSuites(stdout) {
  return [...testStatus(stdout).matchAll(/^TEST SUITE:\s+(\S+)\s*\n(?:(?!TEST SUITE:).*\n)*?Phase:\s+Failed\s*$/gm)].map((m) => m[1]);
}
var testStatus = (stdout) => stdout.split(/^(?:NOTES|POD LOGS):/m, 1)[0];
function manifestArgs(c, kubeconfig) {
  return ["get", "manifest", c.release, "--namespace", c.namespace, "--kubeconfig", kubeconfig];
}
function getReleaseManifest(helm, c, kubeconfig, file, timeoutMs = READ_TIMEOUT_MS) {
  return runCommand(helm, manifestArgs(c, kubeconfig), { stdoutFile: file, timeoutMs });
}
async function sealManifest(file) {
  const { text, ...counts } = leastPrivilegeManifest(await readFile3(file, "utf8"));
  await writeFile2(file, text);
  return counts;
}

// src/cluster/roles.ts
import { writeFile as writeFile3 } from "node:fs/promises";
var refText = (r) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
var servedComment = (object) => `# ${terminalLine(object)}, as the cluster served it
`;
function unshippedRoles(objects) {
  const shipped = new Set(objects.roles.map((r) => refText({ kind: r.kind, name: r.name, namespace: r.kind === "Role" ? r.namespace : void 0 })));
  const wanted = /* @__PURE__ */ new Map();
  for (const b of objects.bindings) {
    const ref = b.roleRef.kind === "Role" ? { kind: "Role", name: b.roleRef.name, namespace: b.namespace } : { kind: "ClusterRole", name: b.roleRef.name };
    const key = refText(ref);
    if (shipped.has(key) || ref.kind === "ClusterRole" && Object.hasOwn(BUILTIN_CLUSTER_ROLES, ref.name) || ref.name.startsWith("-")) continue;
    wanted.set(key, ref);
  }
  return [...wanted.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([, r]) => r);
}
function getRoleArgs(ref, kubeconfig) {
  const ns = ref.namespace !== void 0 ? ["--namespace", ref.namespace] : [];
  return ["get", ref.kind.toLowerCase(), ref.name, ...ns, "--output", "yaml", "--kubeconfig", kubeconfig, "--request-timeout", REQUEST_TIMEOUT];
}
async function fetchRoles(kubectl, refs, kubeconfig, file) {
  const docs = [];
  const fetched = [];
  for (const ref of refs) {
    const got = await runCommand(kubectl, getRoleArgs(ref, kubeconfig), { quiet: true, timeoutMs: READ_TIMEOUT_MS });
    if (got.ok && got.stdout.trim() !== "") {
      docs.push(`${servedComment(refText(ref))}${got.stdout.trimEnd()}
`);
      fetched.push(ref);
    } else logInfo(`${refText(ref)}, bound by the release, could not be read from the cluster (${got.failure ?? "empty output"})`);
  }
  if (docs.length === 0) return null;
  await writeFile3(file, docs.join("---\n"));
  logInfo(`Read from the cluster what the release binds but does not ship: ${fetched.map(refText).join(", ")} (${file})`);
  return { file, fetched };
}
var WORKLOADS = "deployments,statefulsets,daemonsets,cronjobs,jobs,pods,serviceaccounts";
var RBAC_KINDS = "clusterroles,clusterrolebindings,roles,rolebindings";
function listArgs(kinds, namespace, kubeconfig) {
  const where = namespace === null ? ["--all-namespaces"] : ["--namespace", namespace];
  return ["get", kinds, ...where, "--output", "yaml", "--kubeconfig", kubeconfig, "--request-timeout", REQUEST_TIMEOUT];
}
async function readGrantedFromCluster(kubectl, namespace, kubeconfig, file, also = []) {
  const list = async (kinds, ns) => {
    const got = await runCommand(kubectl, listArgs(kinds, ns, kubeconfig), { quiet: true, timeoutMs: READ_TIMEOUT_MS });
    if (!got.ok) return `kubectl get ${kinds} failed (${got.failure})${timedOutText(got)}${saidLast(got)}`;
    try {
      const doc = load(got.stdout);
      return Array.isArray(doc?.items) ? doc.items : [];
    } catch (err) {
      return `kubectl get ${kinds} printed no YAML list (${err.message.split("\n")[0]})`;
    }
  };
  const own = await list(WORKLOADS, namespace);
  if (typeof own === "string") return { unavailable: own };
  const rbac = await list(RBAC_KINDS, null);
  if (typeof rbac === "string") return { unavailable: rbac };
  const made = own.filter((o) => !o.metadata?.ownerReferences?.length && !(o.kind === "ServiceAccount" && o.metadata?.name === "default"));
  const checked = /* @__PURE__ */ new Set([namespace, ...also]);
  const bindings = rbac.filter(
    (o) => (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding") && (o.subjects ?? []).some(
      (s) => s.kind === "ServiceAccount" && checked.has(s.namespace ?? o.metadata?.namespace ?? "") || s.kind === "Group" && checked.has(s.name?.replace(/^system:serviceaccounts:/, "") ?? "") && s.name?.startsWith("system:serviceaccounts:")
    )
  );
  const key = (kind, name, ns) => `${kind} ${kind === "Role" ? `${ns}/` : ""}${name}`;
  const bound = new Set(bindings.map((b) => key(b.roleRef?.kind, b.roleRef?.name, b.metadata?.namespace)));
  const roles = rbac.filter(
    (o) => (o.kind === "Role" || o.kind === "ClusterRole") && bound.has(key(o.kind, o.metadata?.name, o.metadata?.namespace)) && !(o.kind === "ClusterRole" && Object.hasOwn(BUILTIN_CLUSTER_ROLES, o.metadata?.name ?? ""))
  );
  const docs = [...made, ...roles, ...bindings].map((o) => {
    const { managedFields: _fields, annotations = {}, ...metadata } = o.metadata ?? {};
    const { "kubectl.kubernetes.io/last-applied-configuration": _applied, ...kept } = annotations;
    const object = { ...o, metadata: { ...metadata, ...Object.keys(kept).length > 0 ? { annotations: kept } : {} } };
    const at = o.metadata?.namespace ? `${o.metadata.namespace}/` : "";
    return `${servedComment(`${o.kind} ${at}${o.metadata?.name}`)}${dump(object, { lineWidth: -1, noRefs: true })}`;
  });
  await writeFile3(file, docs.length > 0 ? docs.join("---\n") : `# Nothing in namespace ${namespace} was read from the cluster
`);
  logInfo(`Read from the cluster what install-command installed in ${namespace}: ${made.length} workloads and ServiceAccounts, ${bindings.length} bindings of its service accounts, ${roles.length} roles they bind (${file})`);
  return { file, bindings: bindings.length };
}

// node_modules/@actions/tool-cache/lib/tool-cache.js
import * as crypto from "crypto";
import * as fs from "fs";

// node_modules/@actions/tool-cache/lib/manifest.js
var semver = __toESM(require_semver2(), 1);

// node_modules/@actions/tool-cache/lib/tool-cache.js
import * as os from "os";
import * as path6 from "path";
var semver2 = __toESM(require_semver2(), 1);
import * as stream from "stream";
import * as util from "util";
import { ok } from "assert";

// node_modules/@actions/tool-cache/lib/retry-helper.js
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var RetryHelper = class {
  constructor(maxAttempts, minSeconds, maxSeconds) {
    if (maxAttempts < 1) {
      throw new Error("max attempts should be greater than or equal to 1");
    }
    this.maxAttempts = maxAttempts;
    this.minSeconds = Math.floor(minSeconds);
    this.maxSeconds = Math.floor(maxSeconds);
    if (this.minSeconds > this.maxSeconds) {
      throw new Error("min seconds should be less than or equal to max seconds");
    }
  }
  execute(action, isRetryable) {
    return __awaiter(this, void 0, void 0, function* () {
      let attempt = 1;
      while (attempt < this.maxAttempts) {
        try {
          return yield action();
        } catch (err) {
          if (isRetryable && !isRetryable(err)) {
            throw err;
          }
          info(err.message);
        }
        const seconds = this.getSleepAmount();
        info(`Waiting ${seconds} seconds before trying again`);
        yield this.sleep(seconds);
        attempt++;
      }
      return yield action();
    });
  }
  getSleepAmount() {
    return Math.floor(Math.random() * (this.maxSeconds - this.minSeconds + 1)) + this.minSeconds;
  }
  sleep(seconds) {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve) => setTimeout(resolve, seconds * 1e3));
    });
  }
};

// node_modules/@actions/tool-cache/lib/tool-cache.js
var __awaiter2 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var HTTPError = class extends Error {
  constructor(httpStatusCode) {
    super(`Unexpected HTTP response: ${httpStatusCode}`);
    this.httpStatusCode = httpStatusCode;
    Object.setPrototypeOf(this, new.target.prototype);
  }
};
var IS_WINDOWS = process.platform === "win32";
var IS_MAC = process.platform === "darwin";
var userAgent = "actions/tool-cache";
function downloadTool(url, dest, auth, headers) {
  return __awaiter2(this, void 0, void 0, function* () {
    dest = dest || path6.join(_getTempDirectory(), crypto.randomUUID());
    yield mkdirP(path6.dirname(dest));
    debug(`Downloading ${url}`);
    debug(`Destination ${dest}`);
    const maxAttempts = 3;
    const minSeconds = _getGlobal("TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS", 10);
    const maxSeconds = _getGlobal("TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS", 20);
    const retryHelper = new RetryHelper(maxAttempts, minSeconds, maxSeconds);
    return yield retryHelper.execute(() => __awaiter2(this, void 0, void 0, function* () {
      return yield downloadToolAttempt(url, dest || "", auth, headers);
    }), (err) => {
      if (err instanceof HTTPError && err.httpStatusCode) {
        if (err.httpStatusCode < 500 && err.httpStatusCode !== 408 && err.httpStatusCode !== 429) {
          return false;
        }
      }
      return true;
    });
  });
}
function downloadToolAttempt(url, dest, auth, headers) {
  return __awaiter2(this, void 0, void 0, function* () {
    if (fs.existsSync(dest)) {
      throw new Error(`Destination file path ${dest} already exists`);
    }
    const http = new HttpClient(userAgent, [], {
      allowRetries: false
    });
    if (auth) {
      debug("set auth");
      if (headers === void 0) {
        headers = {};
      }
      headers.authorization = auth;
    }
    const response = yield http.get(url, headers);
    if (response.message.statusCode !== 200) {
      const err = new HTTPError(response.message.statusCode);
      debug(`Failed to download from "${url}". Code(${response.message.statusCode}) Message(${response.message.statusMessage})`);
      throw err;
    }
    const pipeline3 = util.promisify(stream.pipeline);
    const responseMessageFactory = _getGlobal("TEST_DOWNLOAD_TOOL_RESPONSE_MESSAGE_FACTORY", () => response.message);
    const readStream = responseMessageFactory();
    let succeeded = false;
    try {
      yield pipeline3(readStream, fs.createWriteStream(dest));
      debug("download complete");
      succeeded = true;
      return dest;
    } finally {
      if (!succeeded) {
        debug("download failed");
        try {
          yield rmRF(dest);
        } catch (err) {
          debug(`Failed to delete '${dest}'. ${err.message}`);
        }
      }
    }
  });
}
function extractTar(file_1, dest_1) {
  return __awaiter2(this, arguments, void 0, function* (file, dest, flags = "xz") {
    if (!file) {
      throw new Error("parameter 'file' is required");
    }
    dest = yield _createExtractFolder(dest);
    debug("Checking tar --version");
    let versionOutput = "";
    yield exec("tar --version", [], {
      ignoreReturnCode: true,
      silent: true,
      listeners: {
        stdout: (data) => versionOutput += data.toString(),
        stderr: (data) => versionOutput += data.toString()
      }
    });
    debug(versionOutput.trim());
    const isGnuTar = versionOutput.toUpperCase().includes("GNU TAR");
    let args;
    if (flags instanceof Array) {
      args = flags;
    } else {
      args = [flags];
    }
    if (isDebug() && !flags.includes("v")) {
      args.push("-v");
    }
    let destArg = dest;
    let fileArg = file;
    if (IS_WINDOWS && isGnuTar) {
      args.push("--force-local");
      destArg = dest.replace(/\\/g, "/");
      fileArg = file.replace(/\\/g, "/");
    }
    if (isGnuTar) {
      args.push("--warning=no-unknown-keyword");
      args.push("--overwrite");
    }
    args.push("-C", destArg, "-f", fileArg);
    yield exec(`tar`, args);
    return dest;
  });
}
function cacheFile(sourceFile, targetFile, tool, version, arch2) {
  return __awaiter2(this, void 0, void 0, function* () {
    version = semver2.clean(version) || version;
    arch2 = arch2 || os.arch();
    debug(`Caching tool ${tool} ${version} ${arch2}`);
    debug(`source file: ${sourceFile}`);
    if (!fs.statSync(sourceFile).isFile()) {
      throw new Error("sourceFile is not a file");
    }
    const destFolder = yield _createToolPath(tool, version, arch2);
    const destPath = path6.join(destFolder, targetFile);
    debug(`destination file ${destPath}`);
    yield cp(sourceFile, destPath);
    _completeToolPath(tool, version, arch2);
    return destFolder;
  });
}
function find(toolName, versionSpec, arch2) {
  if (!toolName) {
    throw new Error("toolName parameter is required");
  }
  if (!versionSpec) {
    throw new Error("versionSpec parameter is required");
  }
  arch2 = arch2 || os.arch();
  if (!isExplicitVersion(versionSpec)) {
    const localVersions = findAllVersions(toolName, arch2);
    const match = evaluateVersions(localVersions, versionSpec);
    versionSpec = match;
  }
  let toolPath = "";
  if (versionSpec) {
    versionSpec = semver2.clean(versionSpec) || "";
    const cachePath = path6.join(_getCacheDirectory(), toolName, versionSpec, arch2);
    debug(`checking cache: ${cachePath}`);
    if (fs.existsSync(cachePath) && fs.existsSync(`${cachePath}.complete`)) {
      debug(`Found tool in cache ${toolName} ${versionSpec} ${arch2}`);
      toolPath = cachePath;
    } else {
      debug("not found");
    }
  }
  return toolPath;
}
function findAllVersions(toolName, arch2) {
  const versions = [];
  arch2 = arch2 || os.arch();
  const toolPath = path6.join(_getCacheDirectory(), toolName);
  if (fs.existsSync(toolPath)) {
    const children = fs.readdirSync(toolPath);
    for (const child of children) {
      if (isExplicitVersion(child)) {
        const fullPath = path6.join(toolPath, child, arch2 || "");
        if (fs.existsSync(fullPath) && fs.existsSync(`${fullPath}.complete`)) {
          versions.push(child);
        }
      }
    }
  }
  return versions;
}
function _createExtractFolder(dest) {
  return __awaiter2(this, void 0, void 0, function* () {
    if (!dest) {
      dest = path6.join(_getTempDirectory(), crypto.randomUUID());
    }
    yield mkdirP(dest);
    return dest;
  });
}
function _createToolPath(tool, version, arch2) {
  return __awaiter2(this, void 0, void 0, function* () {
    const folderPath = path6.join(_getCacheDirectory(), tool, semver2.clean(version) || version, arch2 || "");
    debug(`destination ${folderPath}`);
    const markerPath = `${folderPath}.complete`;
    yield rmRF(folderPath);
    yield rmRF(markerPath);
    yield mkdirP(folderPath);
    return folderPath;
  });
}
function _completeToolPath(tool, version, arch2) {
  const folderPath = path6.join(_getCacheDirectory(), tool, semver2.clean(version) || version, arch2 || "");
  const markerPath = `${folderPath}.complete`;
  fs.writeFileSync(markerPath, "");
  debug("finished caching tool");
}
function isExplicitVersion(versionSpec) {
  const c = semver2.clean(versionSpec) || "";
  debug(`isExplicit: ${c}`);
  const valid2 = semver2.valid(c) != null;
  debug(`explicit? ${valid2}`);
  return valid2;
}
function evaluateVersions(versions, versionSpec) {
  let version = "";
  debug(`evaluating ${versions.length} versions`);
  versions = versions.sort((a, b) => {
    if (semver2.gt(a, b)) {
      return 1;
    }
    return -1;
  });
  for (let i = versions.length - 1; i >= 0; i--) {
    const potential = versions[i];
    const satisfied = semver2.satisfies(potential, versionSpec);
    if (satisfied) {
      version = potential;
      break;
    }
  }
  if (version) {
    debug(`matched: ${version}`);
  } else {
    debug("match not found");
  }
  return version;
}
function _getCacheDirectory() {
  const cacheDirectory = process.env["RUNNER_TOOL_CACHE"] || "";
  ok(cacheDirectory, "Expected RUNNER_TOOL_CACHE to be defined");
  return cacheDirectory;
}
function _getTempDirectory() {
  const tempDirectory = process.env["RUNNER_TEMP"] || "";
  ok(tempDirectory, "Expected RUNNER_TEMP to be defined");
  return tempDirectory;
}
function _getGlobal(key, defaultValue) {
  const value = global[key];
  return value !== void 0 ? value : defaultValue;
}

// src/cluster/tools.ts
import { createHash as createHash2 } from "node:crypto";
import { createReadStream as createReadStream2 } from "node:fs";
import { chmod, readFile as readFile4 } from "node:fs/promises";
import path7 from "node:path";
var UPSTREAM = {
  kind: "https://github.com/kubernetes-sigs/kind/releases/download",
  kubectl: "https://dl.k8s.io/release",
  helm: "https://get.helm.sh"
};
function currentPlatform() {
  const os2 = process.platform;
  if (os2 !== "linux" && os2 !== "darwin") {
    throw new Error(`kind, kubectl and helm are installed for Linux and macOS runners only, not ${os2}`);
  }
  const arch2 = process.arch === "x64" ? "amd64" : process.arch === "arm64" ? "arm64" : null;
  if (!arch2) throw new Error(`unsupported CPU architecture ${process.arch} (amd64 and arm64 are)`);
  return { os: os2, arch: arch2 };
}
function toolDownload(name, version, p, mirrors = UPSTREAM) {
  const base = mirrors[name].replace(/\/+$/, "");
  switch (name) {
    case "kind": {
      const url = `${base}/${version}/kind-${p.os}-${p.arch}`;
      return { url, checksumUrl: `${url}.sha256sum`, archiveEntry: null };
    }
    case "kubectl": {
      const url = `${base}/${version}/bin/${p.os}/${p.arch}/kubectl`;
      return { url, checksumUrl: `${url}.sha256`, archiveEntry: null };
    }
    case "helm": {
      const url = `${base}/helm-${version}-${p.os}-${p.arch}.tar.gz`;
      return { url, checksumUrl: `${url}.sha256sum`, archiveEntry: `${p.os}-${p.arch}/helm` };
    }
  }
}
function parseChecksum(text, source) {
  const token = text.trim().split(/\s+/)[0] ?? "";
  if (!/^[0-9a-f]{64}$/i.test(token)) throw new Error(`${source} does not hold a sha256 checksum (got "${text.slice(0, 80).trim()}")`);
  return token.toLowerCase();
}
async function sha256File(file) {
  const hash = createHash2("sha256");
  for await (const chunk of createReadStream2(file)) hash.update(chunk);
  return hash.digest("hex");
}
async function reportedVersion(name, binary) {
  const args = name === "kind" ? ["version"] : name === "kubectl" ? ["version", "--client", "-o", "json"] : ["version", "--template", "{{.Version}}"];
  const res = await runCommand(binary, args, { quiet: true });
  if (!res.ok) return null;
  if (name === "kubectl") {
    try {
      return JSON.parse(res.stdout).clientVersion?.gitVersion ?? null;
    } catch {
      return null;
    }
  }
  return /\bv\d+\.\d+\.\d+\S*/.exec(res.stdout)?.[0] ?? null;
}
async function download(url, name, version) {
  try {
    return await downloadTool(url);
  } catch (err) {
    throw new Error(`${name} ${version}: could not download ${url}: ${err.message}`, { cause: err });
  }
}
async function findOrInstall(name, version, options = {}) {
  if (version === "system" || version === "") {
    const found = await which(name, false);
    if (!found) throw new Error(`${name}: "system" was asked for but there is no ${name} on PATH`);
    logInfo(`${name}: using ${found} from PATH`);
    return found;
  }
  const platform = options.platform ?? currentPlatform();
  const semver3 = version.replace(/^v/, "");
  const cached = find(name, semver3, platform.arch);
  if (cached) {
    logInfo(`${name} ${version}: found in the tool cache`);
    prependPath(cached);
    return path7.join(cached, name);
  }
  const onPath = await which(name, false);
  if (onPath && await reportedVersion(name, onPath) === version) {
    logInfo(`${name} ${version}: using ${onPath} from PATH`);
    return onPath;
  }
  const dl = toolDownload(name, version, platform, options.mirrors);
  logInfo(`${name} ${version}: downloading ${dl.url}`);
  const checksumFile = await download(dl.checksumUrl, name, version);
  const expected = parseChecksum(await readFile4(checksumFile, "utf8"), dl.checksumUrl);
  const downloaded = await download(dl.url, name, version);
  const actual = await sha256File(downloaded);
  if (actual !== expected) {
    await rmRF(downloaded);
    throw new Error(
      `${name} ${version}: checksum mismatch for ${dl.url}: expected sha256 ${expected} (from ${dl.checksumUrl}), got ${actual}. The download was discarded.`
    );
  }
  logInfo(`${name} ${version}: sha256 ${actual} verified`);
  let binary = downloaded;
  if (dl.archiveEntry) {
    const extracted = await extractTar(downloaded);
    binary = path7.join(extracted, dl.archiveEntry);
  }
  await chmod(binary, 493);
  const dir = await cacheFile(binary, name, name, semver3, platform.arch);
  prependPath(dir);
  return path7.join(dir, name);
}
function prependPath(dir) {
  process.env.PATH = `${dir}${path7.delimiter}${process.env.PATH ?? ""}`;
}

// src/action/cluster-run.ts
async function runOnCluster(settings, dir, mirrors) {
  const chart = settings.chart;
  const cluster = settings.cluster;
  const problems = [];
  const notices = [];
  const { image, ...tools } = await group("Install kind, kubectl and helm", async () => {
    const kind = await findOrInstall("kind", cluster.tools.kind, { mirrors });
    const kindVersion = cluster.tools.kind === "system" ? await reportedVersion("kind", kind) ?? "" : cluster.tools.kind;
    const image2 = cluster.nodeImage || nodeImageFor(cluster.kubernetesVersion, kindVersion);
    const kubectlVersion = cluster.tools.kubectl || imageKubernetesVersion(image2) || "system";
    return {
      image: image2,
      kind,
      kubectl: await findOrInstall("kubectl", kubectlVersion, { mirrors }),
      helm: await findOrInstall("helm", cluster.tools.helm, { mirrors })
    };
  });
  const work = path8.join(process.env.RUNNER_TEMP || tmpdir3(), `apisnoop-work-${cluster.name}`, "cluster");
  const mountDir = path8.join(work, "audit-mount");
  const kubeconfig = path8.join(work, "kubeconfig");
  const configFile = path8.join(work, "kind-config.yaml");
  await rm4(mountDir, { recursive: true, force: true });
  await makeDir(mountDir);
  const { template, policyFile } = await readKindTemplate();
  await writeFile4(configFile, buildKindConfig(template, { policyFile, logDir: mountDir, runtimeConfig: cluster.runtimeConfig }));
  if (await clusterExists(tools.kind, cluster.name)) {
    throw new Error(`a kind cluster named "${cluster.name}" already exists on this runner; set cluster-name to another name`);
  }
  saveClusterState({ clusterName: cluster.name, kindPath: tools.kind, kubeconfig });
  const created = await group(
    `Create kind cluster ${cluster.name} (${image})`,
    () => createCluster(tools.kind, { name: cluster.name, image, configFile, kubeconfig })
  );
  if (!created.ok) problems.push({ note: `kind create cluster failed (${created.failure})${saidLast(created)}` });
  let diagnose = false;
  let installRun;
  let setupRun;
  if (created.ok) {
    const ready = await group(`Prepare namespace ${chart.namespace}`, async () => {
      await waitForDns(tools.kubectl, kubeconfig);
      return prepareNamespace(tools.kubectl, kubeconfig, chart.namespace, chart.serviceAccount);
    });
    if (ready) problems.push({ note: ready });
    const installer = chart.installCommand !== null ? "install-command" : "helm install";
    const installKubeconfig = chart.installCommand !== null ? await actAs(INSTALL, tools.kubectl, kubeconfig, path8.join(work, "install-kubeconfig"), problems) : kubeconfig;
    const tested = chart.chart === null ? "tests" : "chart tests";
    const before = await beforeInstall(tools, cluster, chart, { kubeconfig, work }, tested, problems, notices);
    setupRun = before.setupRun;
    const canInstall = before.ok;
    if (canInstall) {
      const declared = localChartDependencies(chart);
      if (declared.length > 0) {
        const deps = await group("Chart dependencies", () => buildMissingDependencies(tools.helm, chart.chart, declared));
        if (deps && "problem" in deps) problems.push({ note: deps.problem });
        else if (deps) notices.push(`The chart's dependencies ${deps.built.join(", ")} were missing from charts/ and were fetched (helm dependency build).`);
      }
      const from = Date.now();
      const install = await group(`${installer} ${chart.release}`, () => installApp(tools.helm, chart, installKubeconfig, cluster.name));
      if (installKubeconfig !== kubeconfig) installRun = { ...commandRun(INSTALL, from), succeeded: install.ok };
      if (!install.ok) {
        diagnose = true;
        const waited = chart.chart !== null ? helmWaited(install, `The release was not ready within helm-timeout (${chart.timeout})`) : "";
        problems.push({ note: `${installer} failed (${install.failure})${saidLast(install)}${waited}` });
        notices.push(`The ${tested} were skipped because the install failed.`);
        const version = imageKubernetesVersion(image) ?? cluster.kubernetesVersion;
        const release = minorVersion(version) ?? version;
        const hint = await unservedKindHint(`${install.stderr}
${install.stdout}`, release);
        if (hint) notices.push(hint);
      } else {
        const tests = await group(tested[0].toUpperCase() + tested.slice(1), async () => runChartTests(tools.helm, chart, kubeconfig, cluster.name));
        if (tests?.ok && chart.testCommand === "helm test" && /^TEST SUITE:\s+None\s*$/m.test(tests.stdout)) {
          notices.push(
            "helm test ran no tests: the chart has no test hooks (templates annotated helm.sh/hook: test), so the report holds the install's requests and what the app did on its own. Add a test hook, or give test-command to exercise the app."
          );
        }
        const logsGone = tests && !tests.ok && chart.testCommand === "helm test" ? testLogsOnlyFailure(tests) : null;
        if (logsGone) {
          notices.push(
            `The chart's tests passed, but helm test --logs could not print the logs of ${logsGone}: helm reads a pod of that name after the hooks' delete policies ran, and a test pod deleted on success (hook-delete-policy hook-succeeded) or a test hook that is not a Pod has none (helm issue #9098).`
          );
        }
        if (tests && !tests.ok && !logsGone) {
          diagnose = true;
          const waited = chart.testCommand === "helm test" ? helmWaited(tests, `The chart's tests did not finish within helm-timeout (${chart.timeout})`) : "";
          const failed2 = chart.testCommand === "helm test" ? failedTestSuites(tests.stdout) : [];
          const which2 = failed2.length > 0 ? `; failed: ${failed2.join(", ")}` : "";
          problems.push({ note: `${tested} failed (${tests.failure}${which2})${saidLast(tests)}${waited}` });
        }
        if (!tests) {
          notices.push(
            chart.testCommand !== null ? 'No tests were run: test-command is "helm test", which needs a chart; with install-command, give the command that runs your tests.' : "No chart tests were run (test-command: none)."
          );
        }
      }
    }
    if (installKubeconfig !== kubeconfig) await rm4(installKubeconfig, { force: true });
  }
  const collected = await group("Collect the audit log and the served OpenAPI spec", async () => {
    let logs;
    try {
      logs = await copyAuditLogs({ container: controlPlaneContainer(cluster.name), destDir: path8.join(dir, "audit"), hostDir: mountDir });
    } catch (err) {
      problems.push({ note: err.message });
      return { logs: [], artifactFiles: [], spec: null, problems, notices, manifest: null };
    }
    const artifactFiles = [];
    for (const log of logs) {
      try {
        await redactLogFile(log);
        artifactFiles.push(log);
      } catch (err) {
        logWarning(`${log}: its queries could not be taken out (${err.message}): analyzed, but left out of the artifact; report-dir's copy is as the API server wrote it`);
      }
    }
    let spec = settings.analysis.spec;
    let kubernetesVersion;
    if (!spec) {
      try {
        spec = await fetchServedSpec(tools.kubectl, kubeconfig, path8.join(dir, "openapi-v2.json"));
        artifactFiles.push(spec);
      } catch (err) {
        const served = imageKubernetesVersion(image)?.replace(/^v/, "") ?? settings.analysis.kubernetesVersion;
        kubernetesVersion = served;
        logWarning(`${err.message}; matching against the Kubernetes ${served} spec instead`);
        notices.push(`The cluster's OpenAPI spec could not be read; requests were matched against the Kubernetes ${served} spec shipped with APISnoop.`);
      }
    }
    let manifest = null;
    if (settings.rbac && settings.rbac.granted.length === 0) {
      if (!created.ok) manifest = { unavailable: `the cluster was not created, so the ${chart.chart === null ? "app" : "chart"} was never installed` };
      else if (chart.chart === null) {
        const file = path8.join(dir, "rbac", "cluster-rbac.yaml");
        await makeDir(path8.dirname(file));
        const also = settings.rbac.serviceAccounts.map((sa) => sa.split(":")[0]);
        const got = await readGrantedFromCluster(tools.kubectl, chart.namespace, kubeconfig, file, also);
        if ("file" in got) {
          manifest = { file };
          artifactFiles.push(file);
        } else manifest = { unavailable: `what install-command installed could not be read from the cluster: ${got.unavailable}` };
      } else {
        const file = path8.join(dir, "rbac", "helm-manifest.yaml");
        await makeDir(path8.dirname(file));
        const got = await getReleaseManifest(tools.helm, chart, kubeconfig, file);
        if (got.ok) {
          const roles = await readBoundRoles(tools.kubectl, file, chart.namespace, kubeconfig);
          manifest = { file, ...roles ? { roles } : {} };
          artifactFiles.push(file, ...roles ? [roles] : []);
        } else manifest = { unavailable: `helm get manifest ${chart.release} failed (${got.failure})${saidLast(got)}` };
      }
    }
    return { logs, artifactFiles, spec, problems, notices, manifest, kubernetesVersion, installRun, setupRun };
  });
  if (diagnose) {
    const group2 = `Pods and events of namespace ${chart.namespace}`;
    notices.push(...await group(group2, () => diagnoseNamespace(tools.kubectl, kubeconfig, chart.namespace, group2)));
  }
  return collected;
}
function helmWaited(res, said) {
  return /context deadline exceeded|timed out waiting for the condition/i.test(`${res.stderr}
${res.stdout}`) ? `. ${said}.` : "";
}
async function waitForDns(kubectl, kubeconfig) {
  const args = ["--kubeconfig", kubeconfig, "wait", "--namespace", "kube-system", "--for", "condition=Available", "deployment/coredns", "--timeout", DNS_WAIT];
  const res = await runCommand(kubectl, args, { timeoutMs: READ_TIMEOUT_MS + 3e4 });
  if (!res.ok) logWarning(`The cluster's DNS (deployment coredns in kube-system) was not available within ${DNS_WAIT} (${res.failure})${saidLast(res)}: pods that resolve names may fail until it is`);
}
var DNS_WAIT = "120s";
async function prepareNamespace(kubectl, kubeconfig, namespace, serviceAccount) {
  const k = (args, quiet = false) => runCommand(kubectl, ["--kubeconfig", kubeconfig, ...args, "--request-timeout", REQUEST_TIMEOUT], { quiet, timeoutMs: READ_TIMEOUT_MS });
  const found = async (args) => {
    const res = await k([...args, "-o", "name"], true);
    return res.ok && res.stdout.trim() !== "";
  };
  if (!await found(["get", "namespaces", "--field-selector", `metadata.name=${namespace}`])) {
    const ns = await k(["create", "namespace", namespace]);
    if (!ns.ok) return `kubectl create namespace ${namespace} failed (${ns.failure})${saidLast(ns)}`;
  }
  let hasDefault = false;
  for (let i = 0; i < 60 && !hasDefault; i++) {
    hasDefault = await found(["get", "serviceaccounts", "--all-namespaces", "--field-selector", `metadata.namespace=${namespace},metadata.name=default`]);
    if (!hasDefault) await sleep(1e3);
  }
  if (!hasDefault) return `the default service account of namespace ${namespace} did not appear within a minute`;
  if (serviceAccount) {
    const sa = await k(["create", "serviceaccount", serviceAccount, "--namespace", namespace]);
    if (!sa.ok) return `kubectl create serviceaccount ${serviceAccount} failed (${sa.failure})${saidLast(sa)}`;
  }
  return null;
}
async function beforeInstall(tools, cluster, chart, { kubeconfig, work }, tested, problems, notices) {
  if (cluster.loadImages.length > 0) {
    const load2 = await group(`Load ${cluster.loadImages.join(", ")} into the cluster`, () => loadImages(tools.kind, cluster.name, cluster.loadImages));
    if (!load2.ok) {
      problems.push({ note: `kind load docker-image failed (${load2.failure})${saidLast(load2)}` });
      notices.push(`The install and the ${tested} were skipped because the images could not be loaded into the cluster.`);
      return { ok: false };
    }
  }
  if (chart.setupCommand !== null) {
    const setupKubeconfig = await actAs(SETUP, tools.kubectl, kubeconfig, path8.join(work, "setup-kubeconfig"), problems);
    const from = Date.now();
    const setup = await group("setup-command", () => runUserCommand(chart.setupCommand, chart, setupKubeconfig, cluster.name));
    const setupRun = setupKubeconfig !== kubeconfig ? commandRun(SETUP, from) : void 0;
    if (setupKubeconfig !== kubeconfig) await rm4(setupKubeconfig, { force: true });
    if (!setup.ok) {
      problems.push({ note: `setup-command failed (${setup.failure})${saidLast(setup)}` });
      notices.push(`The install and the ${tested} were skipped because setup-command failed.`);
      return { ok: false, setupRun };
    }
    return { ok: true, setupRun };
  }
  return { ok: true };
}
var INSTALL = {
  input: "install-command",
  user: INSTALL_USER,
  binding: INSTALL_BINDING,
  selected: "which the selection keeps",
  asAdmin: "only its requests in the namespace were kept"
};
var SETUP = {
  input: "setup-command",
  user: SETUP_USER,
  binding: SETUP_BINDING,
  selected: "which the selection leaves out unless users names it",
  asAdmin: "its requests in the namespace were counted as the app's"
};
function commandRun(id, from) {
  return { command: id.input, user: id.user, from, to: Date.now() };
}
async function actAs(id, kubectl, kubeconfig, out, problems) {
  const asAdmin = (why) => {
    problems.push({ note: `${why}: ${id.input} ran as kind's admin, and ${id.asAdmin}` });
    return kubeconfig;
  };
  const denied = await grantUser(kubectl, kubeconfig, id.user, id.binding);
  if (denied) return asAdmin(denied);
  try {
    await writeImpersonatingKubeconfig(kubeconfig, out, id.user);
  } catch (err) {
    return asAdmin(err.message);
  }
  logInfo(`${id.input} acts as user ${id.user} (bound to cluster-admin), ${id.selected}`);
  return out;
}
async function readBoundRoles(kubectl, manifest, namespace, kubeconfig) {
  const objects = await readManifests([manifest], namespace).catch(() => null);
  const refs = objects ? unshippedRoles(objects) : [];
  if (refs.length === 0) return void 0;
  try {
    const got = await fetchRoles(kubectl, refs, kubeconfig, path8.join(path8.dirname(manifest), "cluster-roles.yaml"));
    return got?.file;
  } catch (err) {
    logWarning(`The roles the release binds but does not ship were not kept: ${err.message}`);
    return void 0;
  }
}

// src/action/evidence.ts
function noEvidence() {
  return { logs: [], artifactFiles: [], spec: null, problems: [], notices: [], manifest: null };
}
async function seal(evidence) {
  if (evidence.sealed) return;
  evidence.sealed = true;
  const m = evidence.manifest;
  if (!m || !("file" in m)) return;
  const { rbac, leftOut, secrets } = await sealManifest(m.file);
  const taken = secrets > 0 ? `, the contents of ${secrets} Secret${secrets === 1 ? "" : "s"} taken out` : "";
  logInfo(`${m.file}: only what least privilege reads is uploaded (${rbac} RBAC object${rbac === 1 ? "" : "s"}; ${leftOut} other document${leftOut === 1 ? "" : "s"} left out${taken})`);
}

// src/action/fan-in.ts
import { readFileSync as readFileSync4 } from "node:fs";
import path9 from "node:path";
async function mergeReportFiles(settings, warn) {
  const read = await readDistinctReportFiles(settings.reports, warn);
  const byRelease2 = /* @__PURE__ */ new Map();
  for (const r of read) byRelease2.set(r.report.kubernetesVersion, [...byRelease2.get(r.report.kubernetesVersion) ?? [], r]);
  const releases = [...byRelease2.keys()].sort(compareRelease);
  const several = releases.length > 1;
  if (several) logInfo(`Reports of ${releases.length} Kubernetes releases (${releases.join(", ")}): merged release by release, shown side by side`);
  const merged = [];
  for (const release of releases) {
    const legs = byRelease2.get(release);
    const on = several ? `Kubernetes ${release}: ` : "";
    const say = (message) => warn(on + message);
    const files = several ? legs.map((l) => l.file) : settings.reports;
    logInfo(`Merging ${legs.length} report${legs.length === 1 ? "" : "s"}${several ? ` of Kubernetes ${release}` : ""}: ${files.join(", ")}`);
    const report = mergeReports(
      legs.map((l) => l.report),
      settings.analysis.policy,
      say,
      // Named by their files (legs/apisnoop-report-webhook/report.json): a leg that selected nothing is then found.
      legs.map((l) => shownPath(l.file))
    );
    const given = settings.analysis.policy;
    if (given.allow !== void 0) for (const w of await mergedAllowWarnings(given.allow, report, "action")) say(w);
    if (given.failOn === void 0 || given.allow === void 0) {
      const p = report.verdict.policy;
      const taken = [given.failOn === void 0 ? `fail-on: ${p.failOn.join(", ") || "none"}` : "", given.allow === void 0 ? `allow: ${p.allow.join(", ") || "none"}` : ""];
      logInfo(`${on}Judged by the reports' own policy where this step gives none (${taken.filter(Boolean).join("; ")})`);
    }
    merged.push(report);
  }
  return merged;
}
function shownPath(file) {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const relative = path9.relative(workspace, file);
  return relative.startsWith("..") || path9.isAbsolute(relative) ? file : relative || ".";
}
function readLegPage(dir) {
  const shown = shownPath(dir);
  let text = "";
  try {
    text = readFileSync4(path9.join(dir, "report.md"), "utf8");
  } catch {
  }
  const plain = (md) => md.replace(/\\([\\`*_{}[\]()<>#+!|~&$])/g, "$1").replace(/@\u200b/g, "@");
  const title = /^## ❌ (.+): the run failed$/m.exec(text)?.[1];
  const notes = [...text.matchAll(/^- (.+)$/gm)].map((m) => plain(m[1]));
  return { shown, ...title ? { title: plain(title) } : {}, notes };
}

// src/action/least-privilege.ts
import path10 from "node:path";
var notChecked = (why) => ({ why, problem: `${LEAST_PRIVILEGE_UNCHECKED}${why}.` });
function failed(err) {
  const why = err.message;
  return { ...notChecked(why), warning: `least privilege: ${why}` };
}
async function planLeastPrivilege(settings, evidence) {
  const r = settings.rbac;
  let granted = r.granted;
  if (granted.length === 0) {
    const m = evidence.manifest;
    if (!m) return notChecked("no RBAC manifests (rbac-granted) were given");
    if ("unavailable" in m) return notChecked(m.unavailable);
    granted = [m.file, ...m.roles ? [m.roles] : []];
  }
  try {
    let serviceAccounts = r.serviceAccounts;
    let chosen;
    if (serviceAccounts.length === 0) {
      const chart = settings.chart;
      const found = kapicServiceAccounts(await readManifests(granted, chart.namespace), chart.namespace, chart.serviceAccount);
      serviceAccounts = found.serviceAccounts;
      chosen = `Service accounts checked: ${serviceAccounts.join(", ")}: ${found.why}. Set rbac-serviceaccount to choose others.`;
    }
    const identities = serviceAccounts.map((serviceAccount) => ({ serviceAccount }));
    return { granted, identities, chosen, requests: new IdentityRequests(identities) };
  } catch (err) {
    return failed(err);
  }
}
async function checkLeastPrivilege(settings, evidence, plan, report, warn) {
  if ("problem" in plan) return plan;
  const r = settings.rbac;
  const { granted, identities } = plan;
  if (plan.chosen) logInfo(plan.chosen);
  try {
    const comparisons = await rbacForIdentities(
      {
        logs: evidence.logs,
        identities,
        granted,
        releaseNamespace: settings.chart?.namespace ?? r.releaseNamespace,
        // With a spec, the release of one that names none (upstream's swagger.json), as the analysis took it: without
        // it, the wildcards were expanded against "Kubernetes unknown".
        ...evidence.spec ? { spec: evidence.spec, kubernetesVersion: report.kubernetesVersion } : { kubernetesVersion: settings.analysis.kubernetesVersion },
        failOn: r.failOn,
        threshold: r.threshold,
        allowNoRequests: true,
        onWarning: warn
      },
      // Kept as the analysis read the logs: they are not read again.
      { requests: plan.requests, events: report.summary.events }
    );
    const at = granted === r.granted ? process.env.GITHUB_WORKSPACE || process.cwd() : settings.report.dir;
    for (const c of comparisons) relativePaths(c, at);
    for (const c of comparisons) {
      const over = c.granted?.overGrants.length ?? 0;
      logInfo(`${identityText(c.identity)}: ${plural(c.requests.total, "request")}, ${plural(over, "over-grant")}, ${c.requests.denied} denied${c.verdict ? ` (${c.verdict.pass ? "pass" : "fail"})` : ""}`);
    }
    return { comparisons };
  } catch (err) {
    return failed(err);
  }
}
function relativePaths(value, root) {
  if (value === null || typeof value !== "object") return;
  const prefix = root.endsWith(path10.sep) ? root : root + path10.sep;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    if (typeof v === "string" && v.startsWith(prefix)) value[k] = path10.relative(root, v);
    else relativePaths(v, root);
  }
}
function rbacVerdictMessage(failed2, release) {
  const fail = release === void 0 ? "fail" : `fail on Kubernetes ${release}`;
  const lines = [];
  for (const c of failed2) {
    const v = c.verdict;
    const unjudged = v.cannotJudge ?? [];
    if (v.overGrants > v.threshold || unjudged.length === 0) {
      lines.push(`APISnoop least privilege: ${fail}, ${identityText(c.identity)} has ${plural(v.overGrants, "over-grant")}, more than ${v.threshold} (rbac-fail-on: overprivileged)`);
    }
    for (const why of unjudged) lines.push(`APISnoop least privilege: ${fail}, ${identityText(c.identity)}: ${why} (rbac-fail-on: overprivileged)`);
    const over = c.granted?.overGrants ?? [];
    for (const o of over.slice(0, 5)) lines.push(`  ${o.risk}: ${o.role.kind} ${o.role.name}: ${ruleText(o.rule)}`);
    if (over.length > 5) lines.push(`  \u2026 and ${over.length - 5} more (see the report)`);
  }
  return lines.join("\n");
}

// src/action/pr-comment.ts
function commentTarget(settings) {
  const { comment, commentKey, prNumber, writer } = settings.report;
  return { token: settings.token, comment, commentKey, prNumber, writer };
}
function reportKeptText(kept) {
  if (kept.artifact) return "The report is in the job summary and the artifact.";
  if (kept.dir) return `The report is in the job summary and the report directory (${kept.dir}); no artifact was uploaded.`;
  return "The report is in the job summary.";
}
async function postComment(target, ctx, compose, kept) {
  const pr = target.prNumber ?? ctx.pullRequest;
  if (!target.comment) return null;
  if (!pr) {
    logInfo(`No pull request in this ${ctx.eventName || "run"}: no comment; the report is in the job summary.`);
    return null;
  }
  if (!target.token) {
    logWarning("github-token is empty: the PR comment was skipped.", "top");
    return null;
  }
  if (!ctx.owner || !ctx.repo) {
    logWarning("GITHUB_REPOSITORY is not set: the PR comment was skipped.", "top");
    return null;
  }
  const timeoutMs = apiTimeoutMs();
  try {
    const octokit = githubClient(target.token, ctx.apiUrl, timeoutMs);
    const key = target.commentKey;
    const res = await postStickyComment(octokit, { owner: ctx.owner, repo: ctx.repo, issueNumber: pr }, key, target.writer, compose, commentSettleMs());
    if (res.sharedWith) {
      const other = res.sharedWith.label || `job ${res.sharedWith.job || "unnamed"}`;
      const mine = target.writer.label || `job ${target.writer.job || "unnamed"}`;
      const how = res.raced ? `which this one (${mine}) wrote at the same moment; read back a few seconds later, the other held it` : `which this one (${mine}) would have overwritten`;
      logWarning(
        `comment-key "${key}" is shared by the jobs or matrix legs of this run: its comment was written by another (${other}), ${how}, so this report went to a comment of its own. Give each leg its own key (comment-key: \${{ matrix.kubernetes-version }}, or whatever the matrix varies), or comment once for all of them from a job that merges their reports (reports; see "A matrix, and one comment for all of it" in the README).`,
        "important"
      );
    }
    logInfo(`PR #${pr}: comment ${res.action} (${res.url})${res.removed.length ? `; removed ${res.removed.join(", ")}` : ""}`);
    return res.url;
  } catch (err) {
    const failure = apiFailure(err);
    const status = failure.kind === "status" ? failure.status : null;
    const why = failure.kind === "rate-limited" ? "The next run writes it, or re-run this job once the limit has passed. " : status === 403 ? forbiddenWhy(ctx) : status === 404 ? `Is #${pr} a pull request of ${ctx.owner}/${ctx.repo} that this token can see (pr-number)? ` : "";
    const what = apiFailureText(failure, ctx.apiUrl, timeoutMs);
    logWarning(`Could not write the PR comment on #${pr} (${what}). ${why}${reportKeptText(kept)}`, "top");
    return null;
  }
}
function commentSettleMs(env = process.env) {
  return envMs("APISNOOP_COMMENT_SETTLE_MS", env) ?? settleDelay();
}
function forbiddenWhy(ctx) {
  const section = (name, anchor) => ctx.actionReadme ? `${ctx.actionReadme}#${anchor}` : `the APISnoop README, section "${name}"`;
  const fork = `Pull requests from forks get a read-only token; see ${section("Fork pull requests", "fork-pull-requests")}. `;
  const own = `The token cannot write PR comments: give the job \`permissions: pull-requests: write\` (see ${section("Permissions", "permissions")}). `;
  if (ctx.fromFork === true) return fork;
  if (ctx.fromFork === false) return own;
  return `${own.slice(0, -1)} ${fork}`;
}

// src/action/main.ts
var AfterReport = class extends Error {
};
async function run(options = {}) {
  startWarnings();
  try {
    await runStep(options);
  } finally {
    endWarnings();
  }
}
async function runStep(options) {
  const read = options.readInput ?? ((name) => getInput(name));
  let settings;
  try {
    settings = readSettings(read);
    if (settings.mode !== "reports") await fetchNamedReleases(settings);
  } catch (err) {
    await failedInputs(err, read, options);
    return;
  }
  try {
    const failures = await execute(settings, options);
    if (failures.length > 0) logFailed(failures.join("\n"));
  } catch (err) {
    if (err instanceof AfterReport) logFailed(err.message);
    else await failedInputs(err, read, options);
  }
}
async function fetchNamedReleases(settings) {
  const a = settings.analysis;
  const versions = (a.nextReleases ?? []).filter(isVersion);
  const release = versions.length > 0 ? await matchedRelease(settings) : null;
  const later = versions.filter((r) => release === null || releaseNotAfter(r, release) === null);
  const named = later.map((r) => ["next-releases", r, loadSpecVersion]);
  if (isVersion(a.conformance)) named.push(["conformance", a.conformance, loadConformanceVersion]);
  if (settings.mode === "audit-log" && !a.spec) {
    const asInputSpec = (err) => {
      throw new Error(`${err.message}, as the input spec`);
    };
    named.push(["kubernetes-version", a.kubernetesVersion, (version) => loadSpecVersion(version).catch(asInputSpec)]);
  }
  for (const [input, version, load2] of named) {
    await load2(version).catch((err) => {
      throw new InputError(input, err.message);
    });
  }
}
async function matchedRelease(settings) {
  const a = settings.analysis;
  if (a.spec) return loadSpecFile(a.spec).then((spec) => minorOf(spec.kubernetesVersion) ?? minorOf(a.kubernetesVersion), () => null);
  const image = settings.cluster?.nodeImage;
  const version = image ? imageKubernetesVersion(image) : a.kubernetesVersion;
  return version && minorOf(version);
}
async function failedInputs(err, read, options) {
  const message = err instanceof Error ? err.message : String(err);
  logFailed(message);
  try {
    const ctx = readRunContext();
    const page = failedRunPage(reportTitle({ app: appFromInputs(read) }), [message], ctx.runUrl ?? void 0);
    const kept = await uploadFailurePage(page, read, ctx, options);
    let target = null;
    const meantTarget = err instanceof UnknownInputError ? err.meant.filter((m) => COMMENT_INPUTS.includes(m)) : [];
    if (meantTarget.length > 0) {
      logInfo(`No PR comment: the input meant for ${meantTarget.join(", ")} is misspelt`);
    } else {
      try {
        target = readCommentTarget(read);
      } catch (targetErr) {
        logInfo(`No PR comment: ${targetErr.message}`);
      }
    }
    setOutputs(FAILED_OUTPUTS);
    await summaryThenComment(
      () => writeJobSummary(page),
      async () => target ? postComment(target, ctx, (marker) => `${marker}

${page}`, kept) : null
    );
  } catch (pageErr) {
    logWarning(`The failure could not be reported beyond this step: ${pageErr.message}`, "top");
  }
}
var COMMENT_INPUTS = ["comment", "comment-key", "pr-number", "github-token"];
async function uploadFailurePage(page, read, ctx, options) {
  const kept = { artifact: false, dir: null };
  try {
    const place = readReportPlace(read, process.env, clusterFromInputs(read), true);
    await makeDir(place.dir);
    const files = await writePage(place.dir, page, ctx);
    kept.dir = place.dir;
    if (place.uploadArtifact) kept.artifact = await uploadReportArtifact(place.artifactName, files, place.dir, ctx.runUrl, options.artifactUploader) !== null;
  } catch (err) {
    logWarning(`The failure page could not be written to the report directory or uploaded: ${err.message}`, "top");
  }
  return kept;
}
var FAILED_OUTPUTS = { verdict: "fail", "stable-count": "", "beta-count": "", "alpha-count": "", "unmatched-count": "", "report-path": "" };
async function summaryThenComment(writeSummary, comment) {
  const failed2 = await writeSummary().then(
    () => null,
    (err) => err ?? new Error("the job summary could not be written")
  );
  setCommentUrl(await comment());
  if (failed2) throw failed2;
}
async function execute(settings, options) {
  const ctx = readRunContext();
  const dir = settings.report.dir;
  await makeDir(dir);
  const evidence = settings.mode === "cluster" ? (
    // What stops the run before there is a cluster to collect from (a cluster of that name exists, a tool cannot be
    // installed) is a run problem like any other: the failure page replaces an earlier run's comment.
    await runOnCluster(settings, dir, options.toolMirrors).catch((err) => ({ ...noEvidence(), problems: [{ note: err.message }] }))
  ) : { ...noEvidence(), logs: settings.analysis.auditLogs, spec: settings.analysis.spec };
  try {
    return await judgeAndReport(settings, options, ctx, evidence);
  } catch (err) {
    throw evidence.reported ? new AfterReport(err instanceof Error ? err.message : String(err)) : err;
  } finally {
    await seal(evidence);
  }
}
async function judgeAndReport(settings, options, ctx, evidence) {
  const dir = settings.report.dir;
  const legs = settings.reportsMissing.map(readLegPage);
  const found = settings.reports.length + settings.reportsMissing.length;
  const reportDir = settings.report.dir.endsWith(path11.sep) ? settings.report.dir : settings.report.dir + path11.sep;
  const collected = new RegExp(`${reportDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=audit/|rbac/|openapi-v2\\.json)`, "g");
  const inArtifact = (message) => message.replace(collected, "");
  const warn = oncePerMessage((message) => logWarning(inArtifact(message), warningRank(message)));
  if (settings.reportsExpected !== null && found > settings.reportsExpected) {
    logWarning(
      `expected-reports is ${settings.reportsExpected}, but ${found} legs were found (${settings.reports.length} report.json, ${settings.reportsMissing.length} without): is the matrix size wrong, or is an artifact that is not a leg's among them?`,
      "important"
    );
  }
  const plan = settings.rbac ? await planLeastPrivilege(settings, evidence) : null;
  const identityRequests = plan && "requests" in plan ? plan.requests : void 0;
  const reports = settings.mode === "reports" ? settings.reports.length === 0 ? null : await group("Merge the reports", () => mergeReportFiles(settings, warn)).catch((err) => {
    evidence.problems.push({ note: `${COULD_NOT_MERGE}: ${err.message}` });
    return null;
  }) : evidence.logs.length === 0 ? null : await group("Analyze", () => analyze(settings, evidence, warn, identityRequests)).then(
    (report2) => [report2],
    (err) => {
      evidence.problems.push({ note: `the analysis failed: ${err.message}` });
      return null;
    }
  );
  evidence.problems.push(...missingLegNotes(settings, legs, reports !== null).map((note) => ({ note })));
  if (reports === null) {
    const titles = new Set(legs.map((l) => l.title));
    return failedRun(settings, ctx, evidence, options, titles.size === 1 ? [...titles][0] : void 0);
  }
  if (reports.length > 1) return reportReleases(settings, options, ctx, evidence, reports);
  const report = reports[0];
  if (report.runNotes) {
    evidence.problems.push(...report.runNotes.problems.map((note) => ({ note })));
    evidence.notices.push(...report.runNotes.notices);
  }
  warnNothingJudged([report], settings.mode);
  const leastPrivilege = plan ? await group("Least privilege", () => checkLeastPrivilege(settings, evidence, plan, report, warn)) : null;
  if (leastPrivilege && "comparisons" in leastPrivilege) report.rbac = leastPrivilege.comparisons;
  const unjudged = leastPrivilege !== null && "problem" in leastPrivilege && settings.rbac.failOn.length > 0;
  if (settings.analysis.app) report.app = settings.analysis.app;
  if (leastPrivilege && "problem" in leastPrivilege) {
    const note = inArtifact(leastPrivilege.problem);
    if (unjudged) {
      evidence.problems.push({ note });
      report.leastPrivilegeUnchecked = [{ ...report.app !== void 0 ? { app: report.app } : {}, why: inArtifact(leastPrivilege.why) }];
    } else {
      evidence.notices.push(note);
      if (leastPrivilege.warning) warn(leastPrivilege.warning);
    }
  }
  const reportPath = path11.join(dir, "report.json");
  const title = reportTitle(report);
  delete report.runNotes;
  if (evidence.problems.length + evidence.notices.length > 0) report.runNotes = { problems: evidence.problems.map((p) => p.note), notices: [...evidence.notices] };
  const reportFiles2 = await writeReportFiles(report, dir, "action");
  logInfo(`Report written to ${dir}`);
  reportFiles2.push(...await pullRequestFile(dir, ctx));
  await seal(evidence);
  await publish(settings, options, ctx, evidence, [...reportFiles2, ...evidence.artifactFiles], {
    // Least privilege not checked is said on the verdict's line, not above it again.
    notes: (all) => notesBesideVerdict(report, all),
    comment: ({ notes, marker, reportUrl }) => composeComment(report, { notes, title, marker, reportUrl }),
    // The run's notes are above the page (publish), not in it again.
    page: ({ reportUrl, maxChars }) => renderMarkdown(report, { title, reportUrl, maxChars, notes: [], surface: "action" }),
    // Least privilege the policy needed and could not check fails (reportPasses reads leastPrivilegeUnchecked).
    outputs: () => reportOutputs(report, reportPath)
  });
  const failures = evidence.problems.map((p) => p.note);
  const rbacFailed = (report.rbac ?? []).filter((c) => c.verdict && !c.verdict.pass);
  if (rbacFailed.length > 0) failures.unshift(rbacVerdictMessage(rbacFailed));
  if (!report.verdict.pass) failures.unshift(verdictMessage(report));
  failures.push(...uncheckedUnsaid(report, failures));
  return failures;
}
async function publish(settings, options, ctx, evidence, files, show) {
  setOutputs(show.outputs());
  const artifact = settings.report.uploadArtifact ? await uploadReportArtifact(settings.report.artifactName, files, settings.report.dir, ctx.runUrl, options.artifactUploader) : null;
  evidence.reported = true;
  const reportUrl = artifact?.url ?? reportedRunUrl(settings, ctx) ?? void 0;
  const notes = show.notes([...evidence.problems.map((p) => p.note), ...evidence.notices]);
  const head = runNotesBlock(notes);
  await summaryThenComment(
    () => writeJobSummary(fitSummary((maxChars) => head + show.page({ reportUrl, maxChars: Math.max(1e3, maxChars - head.length) }), Math.max(4096, summaryRoom()))),
    () => postComment(commentTarget(settings), ctx, (marker) => show.comment({ notes, marker, reportUrl }), { artifact: artifact !== null, dir: settings.report.dir })
  );
}
async function reportReleases(settings, options, ctx, evidence, reports) {
  const dir = settings.report.dir;
  const shared = (kind) => {
    const [first = [], ...rest] = reports.map((r) => r.runNotes?.[kind] ?? []);
    return [...new Set(first)].filter((note) => rest.every((notes) => notes.includes(note)));
  };
  const common = { problems: shared("problems"), notices: shared("notices") };
  const said = new Set(evidence.problems.map((p) => p.note));
  evidence.problems.push(...common.problems.filter((note) => !said.has(note)).map((note) => ({ note })));
  evidence.notices.push(...common.notices.filter((note) => !evidence.notices.includes(note)));
  const fanIn = { problems: evidence.problems.map((p) => p.note), notices: [...evidence.notices] };
  const files = [];
  const dirs = releaseDirs(reports);
  for (const [i, report] of reports.entries()) {
    const on = `Kubernetes ${report.kubernetesVersion}: `;
    const own = {
      problems: (report.runNotes?.problems ?? []).filter((note) => !common.problems.includes(note)),
      notices: (report.runNotes?.notices ?? []).filter((note) => !common.notices.includes(note))
    };
    evidence.problems.push(...own.problems.map((note) => ({ note: on + note })));
    evidence.notices.push(...own.notices.map((note) => on + note));
    delete report.runNotes;
    const problems = [...fanIn.problems, ...own.problems];
    const notices = [...fanIn.notices, ...own.notices];
    if (problems.length + notices.length > 0) report.runNotes = { problems, notices };
    files.push(...await writeReportFiles(report, path11.join(dir, dirs[i]), "action"));
    const s = report.summary;
    logInfo(`${on}${reportPasses(report) ? "pass" : "fail"}; ${s.requests} requests read, ${s.selected} selected; report files in ${path11.join(dir, dirs[i])}`);
  }
  warnNothingJudged(reports, settings.mode);
  const apps = [...new Set(reports.flatMap((r) => r.app === void 0 ? [void 0] : r.app.split(" + ")))].sort((a, b) => cmp(a ?? "", b ?? ""));
  const title = reportTitle({ app: apps.every((a) => a !== void 0) ? apps.join(" + ") : void 0 });
  const page = path11.join(dir, "report.md");
  await writeFile5(page, renderReleasesMarkdown(reports, { title, notes: [...evidence.problems.map((p) => p.note), ...evidence.notices], surface: "action" }));
  logInfo(`Report of the ${reports.length} releases written to ${page}`);
  files.unshift(page);
  files.push(...await pullRequestFile(dir, ctx));
  await publish(settings, options, ctx, evidence, files, {
    // Each release's why is in its fold: above them all, the notes stay whole.
    notes: (all) => all,
    comment: ({ notes, marker, reportUrl }) => composeReleasesComment(reports, { notes, title, marker, reportUrl }),
    page: ({ reportUrl, maxChars }) => renderReleasesMarkdown(reports, { title, reportUrl, maxChars, surface: "action" }),
    outputs: () => releasesOutputs(reports, page)
  });
  const verdicts = [];
  for (const r of reports) {
    if (!r.verdict.pass) verdicts.push(verdictMessage(r, r.kubernetesVersion));
    const rbacFailed = (r.rbac ?? []).filter((c) => c.verdict && !c.verdict.pass);
    if (rbacFailed.length > 0) verdicts.push(rbacVerdictMessage(rbacFailed, r.kubernetesVersion));
    verdicts.push(...uncheckedUnsaid(r, evidence.problems.map((p) => p.note)).map((f) => `Kubernetes ${r.kubernetesVersion}: ${f}`));
  }
  return [...verdicts, ...evidence.problems.map((p) => p.note)];
}
var INVALID_SHOWN = 20;
var IGNORED_KUBECONFIG = `it likely rewrote that file (kind export kubeconfig, kind get kubeconfig > "$KUBECONFIG"), used another kubeconfig or context (--kubeconfig, --context, a file of its own), or a tool that ignores client-go's impersonation`;
var IMPERSONATED = "it chose another user to act as (kubectl --as, helm --kube-as-user), in place of the one its KUBECONFIG acts as";
var OTHER_THAN_ITS_USER = {
  // Kept, they are judged as the app's: a Secret, a prerequisite's beta API in the app's namespace.
  "setup-command": { warn: (sent, kept) => kept > 0, leftOut: "", goal: "left out" },
  // Left out, its cluster-wide objects go unjudged; any at all mean its tools went around its user.
  "install-command": {
    warn: (sent) => sent > 0,
    leftOut: " (not judged: the cluster-wide ones, its CRDs, ClusterRoles, webhooks)",
    goal: "kept and judged as the app's, wherever it acts"
  }
};
function otherThanItsUser(run2, selected) {
  let sent = 0;
  let kept = 0;
  let impersonated = 0;
  let seen = false;
  const as = /* @__PURE__ */ new Set();
  const costs = OTHER_THAN_ITS_USER[run2.command];
  return {
    add(req) {
      if (!seen && run2.command === "install-command") seen = requestIdentities(req).includes(run2.user);
      const sender = req.user?.username ?? "";
      if (!sender || sender.startsWith("system:") || effectiveUser(req) === run2.user) return;
      const at = req.timestamp ? Date.parse(req.timestamp) : NaN;
      if (!(at >= run2.from && at <= run2.to)) return;
      sent++;
      if (req.impersonatedUser?.username !== void 0) impersonated++;
      as.add(effectiveUser(req));
      if (selected(req)) kept++;
    },
    said() {
      const unchanged = `Let the command use the KUBECONFIG it is given, unchanged (drop kind export kubeconfig: kind load docker-image --name "$APISNOOP_CLUSTER" needs none), so that what it does is ${costs.goal}.`;
      const doNow = impersonated === 0 ? unchanged : impersonated === sent ? `Drop --as (--kube-as-user), so that what it does is ${costs.goal}.` : `Drop --as (--kube-as-user). ${unchanged}`;
      const causes = impersonated === 0 ? IGNORED_KUBECONFIG : impersonated === sent ? IMPERSONATED : `${impersonated} of them because ${IMPERSONATED}; the rest because ${IGNORED_KUBECONFIG}`;
      if (!costs.warn(sent, kept)) {
        if (run2.command !== "install-command" || !run2.succeeded || seen) return void 0;
        return `install-command succeeded, but the audit log holds no request by ${run2.user}, the user its KUBECONFIG acts as, nor any sent from outside the cluster as another user while it ran (the API server's clock may not be the runner's): ${IGNORED_KUBECONFIG}, so its requests were sent as kind's admin and only those for objects in the namespace were kept. ${doNow}`;
      }
      const users = [...as].sort().slice(0, 3).join(", ");
      const leftOut = sent - kept;
      const them = sent === 1 ? "it" : "them all";
      const split = leftOut === 0 ? `kept ${them} as the app's` : kept === 0 ? `left ${them} out${costs.leftOut}` : `kept ${grouped(kept)} of them as the app's and left out ${grouped(leftOut)}${costs.leftOut}`;
      return `${run2.command} sent ${grouped(sent)} request${sent === 1 ? "" : "s"} as ${users}${as.size > 3 ? " and others" : ""}, not as ${run2.user}, the user its KUBECONFIG acts as${run2.command === "install-command" && !seen ? " (the log holds none by that user)" : ""}, and the selection ${split}: ${causes}. ${doNow}`;
    }
  };
}
async function analyze(settings, evidence, warn, identityRequests) {
  const a = settings.analysis;
  let holds;
  const selected = requestFilter({ ...DEFAULT_SELECTION, ...a.selection });
  const runs = [evidence.installRun, evidence.setupRun].flatMap((run2) => run2 ? [otherThanItsUser(run2, selected)] : []);
  const onRequest = identityRequests || runs.length > 0 ? (req) => {
    identityRequests?.add(req);
    for (const run2 of runs) run2.add(req);
  } : void 0;
  const report = await analyzeLogs({
    logs: evidence.logs,
    // Each leg's log at one path ($RUNNER_TEMP/…) told from another leg's, for the fan-in's merge.
    identifyInputs: true,
    // With a spec, kubernetes-version is its release only if the spec does not name its own (the served one does).
    ...evidence.spec ? { spec: evidence.spec, kubernetesVersion: a.kubernetesVersion } : { kubernetesVersion: evidence.kubernetesVersion ?? a.kubernetesVersion },
    nextReleases: a.nextReleases,
    conformance: a.conformance,
    selection: a.selection,
    policy: a.policy,
    surface: "action",
    onRequest,
    onNothingSelected: (left) => holds = leftOutText(left, a.selection.includeSystem === true, (v) => clip(v, 80), "include-system: true"),
    onWarning: warn
  });
  if (holds) evidence.notices.push(`Nothing was selected: ${holds}.`);
  for (const run2 of runs) {
    const said = run2.said();
    if (!said) continue;
    warn(said);
    evidence.notices.push(said);
  }
  warnInvalid(report, warn);
  const s = report.summary;
  logInfo(
    `${s.requests} requests read, ${s.selected} selected, ${s.matched} matched, ${s.unmatched} unmatched; operations: ${s.byLevel.stable.operations} stable, ${s.byLevel.beta.operations} beta, ${s.byLevel.alpha.operations} alpha`
  );
  return report;
}
var COULD_NOT_MERGE = "the reports could not be merged";
function warnInvalid(report, warn) {
  const count = report.summary.invalidLines;
  if (count === 0) return;
  const inLog = count > 1 && report.invalid.length > 0 ? `; the first ${Math.min(INVALID_SHOWN, report.invalid.length)} are listed in this step's log, under Analyze` : "";
  warn(`${invalidReason(report.invalid, count)}${inLog}; ${invalidListedText(count)}`);
  if (inLog) for (const line of report.invalid.slice(0, INVALID_SHOWN)) logInfo(`${line.file}:${line.line}: ${line.message}`);
}
function missingLegNotes(settings, legs, merged) {
  const notes = [];
  const found = settings.reports.length + legs.length;
  for (const leg of legs) {
    const lacks = merged ? ", so the merged report lacks it" : "";
    const why = leg.notes.length > 0 ? "; its page says:" : " (its report.md says why)";
    notes.push(`${leg.shown} holds no report.json: that job produced no report${lacks}${why}`);
    for (const note of leg.notes) notes.push(found > 1 ? `${leg.shown}: ${note}` : note);
  }
  if (settings.reportsExpected !== null && found < settings.reportsExpected) {
    notes.push(
      `expected-reports is ${settings.reportsExpected}, but ${found} leg${found === 1 ? " was" : "s were"} found (${settings.reports.length} report.json, ${legs.length} without): a leg that uploaded nothing is missing${merged ? " from the merged report" : ""}`
    );
  }
  return notes;
}
function noReportText(settings, evidence) {
  if (settings.mode !== "reports") return void 0;
  if (evidence.problems.some((p) => p.note.startsWith(`${COULD_NOT_MERGE}: `))) return `No merged report: ${COULD_NOT_MERGE}.`;
  return settings.reports.length === 0 ? "No merged report: no leg left a report.json to merge." : void 0;
}
async function failedRun(settings, ctx, evidence, options, legsTitle) {
  const title = legsTitle ?? reportTitle({ app: settings.analysis.app ?? void 0 });
  const notes = [...evidence.problems.map((p) => p.note), ...evidence.notices];
  const page = failedRunPage(title, notes, reportedRunUrl(settings, ctx) ?? void 0, noReportText(settings, evidence));
  const dir = settings.report.dir;
  const written = await writePage(dir, page, ctx);
  await seal(evidence);
  setOutputs(FAILED_OUTPUTS);
  const files = [...written, ...evidence.artifactFiles];
  const artifact = settings.report.uploadArtifact ? await uploadReportArtifact(settings.report.artifactName, files, dir, ctx.runUrl, options.artifactUploader) : null;
  evidence.reported = true;
  await summaryThenComment(
    () => writeJobSummary(page),
    () => postComment(commentTarget(settings), ctx, (marker) => `${marker}

${page}`, { artifact: artifact !== null, dir })
  );
  return evidence.problems.map((p) => p.note);
}
function reportedRunUrl(settings, ctx) {
  return settings.mode === "reports" ? ctx.triggerRunUrl ?? ctx.runUrl : ctx.runUrl;
}
async function writePage(dir, page, ctx) {
  const file = path11.join(dir, "report.md");
  await writeFile5(file, page);
  return [file, ...await pullRequestFile(dir, ctx)];
}
async function pullRequestFile(dir, ctx) {
  if (!ctx.pullRequest) return [];
  const file = path11.join(dir, "pull-request.json");
  await writeFile5(file, JSON.stringify({ number: ctx.pullRequest, headSha: ctx.headSha }) + "\n");
  return [file];
}
function warnNothingJudged(reports, mode) {
  const releasesOf = /* @__PURE__ */ new Map();
  for (const report of reports) {
    const unselected = nothingJudged(report);
    if (!unselected) continue;
    const why = `${unselected}. ${report.summary.requests === 0 ? checkTheLogs[mode] : checkTheSelection[mode]}`;
    releasesOf.set(why, [...releasesOf.get(why) ?? [], report.kubernetesVersion]);
  }
  if (releasesOf.size === 0) return;
  const said = [...releasesOf].map(([why, releases]) => reports.length > 1 ? `on Kubernetes ${releases.join(", ")}: ${why}` : `: ${why}`);
  logWarning(`Nothing was judged${reports.length > 1 ? " " : ""}${said.join("; ")}; fail-on: empty fails the step when this happens.`, "top");
}
function warningRank(message) {
  return message.startsWith('input "allow"') ? "important" : "ordinary";
}
var CHECK_THE_FILTERS = "Check the namespaces, service-accounts, users and user-agents inputs";
var checkTheSelection = {
  reports: `${CHECK_THE_FILTERS} of the jobs that made the reports`,
  "audit-log": CHECK_THE_FILTERS,
  cluster: `${CHECK_THE_FILTERS} (by default, the namespace the app was installed in)`
};
var checkTheLogs = {
  reports: "Check the audit logs the jobs that made the reports read",
  "audit-log": "Check that the audit-log input names the API server's audit log, written while the app ran",
  cluster: "Check the API server's audit log the run collected"
};
function verdictMessage(report, release) {
  const fail = release === void 0 ? "fail" : `fail on Kubernetes ${release}`;
  const v = report.verdict;
  const run2 = (v.runFailures ?? []).map((f) => `APISnoop verdict: ${fail}, ${runFailureHeadline(f, report)} (fail-on: ${f.rule}): ${f.why}`);
  if (v.violations.length === 0) return run2.join("\n");
  const ops = violatingOperations(report);
  const shown = ops.slice(0, 5).map((x) => `  ${violationLine(x)}`);
  const more = ops.length > shown.length ? [`  \u2026 and ${ops.length - shown.length} more (see the report)`] : [];
  const hint = `  to pass: move off these APIs, or keep them on purpose with the input allow: ${allowToPass(report).join(", ")}`;
  return [...run2, `APISnoop verdict: ${fail}, ${ops.length} operation(s) break the policy (fail-on: ${v.policy.failOn.join(", ")})`, ...shown, ...more, hint].join("\n");
}

// src/index.ts
await run();
