// Prints the plain closing line CI reads ("N passed, N failed"), with an e2e line before it
// when real-VS-Code tests ran.
export default async function* summary(source) {
  let pass = 0,
    fail = 0,
    skip = 0,
    e2ePass = 0,
    e2eFail = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    if (d.details?.type === 'suite') continue;
    const isE2e = /[\\/]test[\\/]e2e[\\/]/.test(d.file ?? '');
    if (event.type === 'test:pass') {
      if (d.skip || d.todo) skip++;
      else {
        pass++;
        if (isE2e) e2ePass++;
      }
    } else {
      fail++;
      if (isE2e) e2eFail++;
    }
  }
  if (e2ePass + e2eFail > 0) yield `e2e: ${e2ePass} passed, ${e2eFail} failed\n`;
  yield `${pass} passed, ${fail} failed${skip ? `, ${skip} skipped` : ''}\n`;
}
