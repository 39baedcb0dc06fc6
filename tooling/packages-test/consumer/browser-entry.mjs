// What the browser test bundles: the pure packages, as a web app would import them.
import { isValidCode, describeCode } from '@tollkit/codesets';
import { assessProcedure } from '@tollkit/procedures';
import { validateNotification } from '@tollkit/messages';
import { collectManifest, loadMappingProfile } from '@tollkit/manifest';

/** Runs in the page: validation, procedure assessment and the manifest mapper on fetched bytes. */
window.runTollkit = async (body, example) => {
  const invalid = validateNotification('house-consignment', body, 'road');
  const assessment = assessProcedure(body.consignmentHouseLevel, 'road');
  const profile = loadMappingProfile(await (await fetch(example.profile)).text(), 'yaml');
  const bytes = new Uint8Array(await (await fetch(example.manifest)).arrayBuffer());
  const { records, report } = await collectManifest({ bytes, fileName: 'manifest.csv' }, profile);
  return {
    invalid,
    variant: assessment.variant,
    incompleteReasons: assessment.incompleteReasons,
    code: [isValidCode('CL754', 'N730'), describeCode('CL754', 'N730', 'en')],
    manifest: { encoding: report.encoding.name, rows: report.rowsRead, errors: report.errorCount, records: records.map((r) => (r.ok ? r.draft : r)) },
    hasProcess: typeof process !== 'undefined',
  };
};
