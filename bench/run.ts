/**
 * `npm run bench` prints the project's measured figures; with `-- --json` its last line is one
 * JSON object of them. Each issue adds the figures it names.
 */
import { benchBundles } from './bundles.js';
import { benchCapture, benchCaptureImpact } from './capture.js';
import { benchClassify, benchLocalOverhead } from './classify.js';
import { benchParse } from './parse.js';

const json = process.argv.includes('--json');
const figures: Record<string, number> = {};
const say = (line: string) => {
  if (!json) process.stdout.write(`${line}\n`);
};

const parse = benchParse();
Object.assign(figures, { parseMsTypical: parse.parseMsTypical, parseMs1MB: parse.parseMs1MB });
say(
  `parse: ${parse.parseMsTypical} ms for a ${parse.typicalKB} KB capture (median), ${parse.parseMs1MB} ms for 1 MB`,
);

const capture = await benchCapture();
Object.assign(figures, capture);
say(
  `capture script: ${capture.captureCpuSeconds} CPU-s, ${capture.captureWallSeconds} s wall (defaults)`,
);

const impact = await benchCaptureImpact();
figures.captureImpactPct = impact.captureImpactPct;
say(
  `capture impact: a ${Math.round(impact.stormRatePerSecond / 1000)}k syscalls/s write storm kept ${impact.captureImpactPct}% of its rate in its worst second of a default capture`,
);

const classified = benchClassify();
Object.assign(figures, classified);
say(
  `classify: ${classified.classifyMsTypical} ms in-process (20 KB, median), CLI ${classified.cliClassifyWallMs} ms start to exit`,
);

const overhead = benchLocalOverhead();
Object.assign(figures, overhead);
say(`local: ${overhead.localOverheadMs} ms on top of the capture script's own time`);

const bundles = await benchBundles();
figures.bundleKBMax = bundles.bundleKBMax;
figures.coldImportMsMax = bundles.coldImportMsMax;
say(
  `Lambda bundles: ${Object.entries(bundles.bundles)
    .map(([name, kb]) => `${name} ${kb} KB`)
    .join(', ')}; cold import ${bundles.coldImportMsMax} ms at most`,
);

if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
