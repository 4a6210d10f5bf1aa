// Validates xAPI statements with Learning Locker's validator
// (@learninglocker/xapi-validation 3.0.0), for Ally's tests.
//
//   node validate.js < statements.json
//
// stdin is a JSON array of statements. Every problem is printed as
// "<index>: <path>: <message>" and the exit status is 1 when there is any.
'use strict';
const validate = require('@learninglocker/xapi-validation').default;

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const statements = JSON.parse(input);
  if (!Array.isArray(statements)) {
    console.error('validate.js: stdin must be a JSON array of statements');
    process.exit(2);
  }
  let problems = 0;
  statements.forEach((s, i) => {
    for (const w of validate(s)) {
      problems++;
      const where = (w.path || []).join('.');
      const what = w.constructor && w.constructor.name;
      console.log(`${i}: ${where}: ${what} ${JSON.stringify(w.data)}`);
    }
  });
  console.log(`${statements.length} statements, ${problems} problems`);
  process.exit(problems > 0 ? 1 : 0);
});
