// tests/ace-batch.js - Ace by DAISY on several EPUBs in one run.
//
//     node tests/ace-batch.js NODE_MODULES EPUB OUTDIR [EPUB OUTDIR]...
//
// Runs the same checks as `ace-puppeteer -s -o OUTDIR EPUB` for each
// EPUB (Ace's own code, from NODE_MODULES/@daisy/ace-core, with its
// puppeteer runner), writing OUTDIR/report.json, but with one browser
// for all of them: Ace launches and closes chromium for each book, which
// is most of its time.  Books are checked one after the other.  Exit 0
// when every book has a report, 1 when one failed (its error on stderr;
// the others are still checked).  Used by lib-ace.sh's `ace_all`.
'use strict';

const path = require('path');

const modules = process.argv[2];
const jobs = process.argv.slice(3);
if (!modules || jobs.length === 0 || jobs.length % 2 !== 0) {
    console.error('usage: ace-batch.js NODE_MODULES EPUB OUTDIR [EPUB OUTDIR]...');
    process.exit(2);
}

const ace = require(path.join(modules, '@daisy/ace-core'));
const runner = require(path.join(modules, '@daisy/ace-axe-runner-puppeteer'));
const logger = require(path.join(modules, '@daisy/ace-logger'));

// One browser: the first launch starts it, closing waits for the end.
const launch = runner.launch.bind(runner);
const close = runner.close.bind(runner);
let launched = null;
runner.launch = function () {
    if (!launched)
        launched = launch();
    return launched;
};
runner.close = function () {
    return Promise.resolve();
};

async function main() {
    let failed = 0;

    logger.initLogger({ verbose: false, silent: true, fileName: 'ace-batch.log' });
    for (let i = 0; i < jobs.length; i += 2) {
        try {
            await ace(jobs[i], {
                cwd: process.cwd(), outdir: jobs[i + 1], silent: true,
                jobId: String(i / 2)
            }, runner);
        } catch (err) {
            console.error(`ace failed on ${jobs[i]}: ${err && err.message ? err.message : err}`);
            failed = 1;
        }
    }
    if (launched)
        await close();
    return failed;
}

main().then((rc) => process.exit(rc), (err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
});
