// NYSE holidays against published dates (nyse.com holiday tables), including the observance
// rules and unscheduled closures.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calendarDays, nyseHolidays } from './trading-calendar.js';

test('NYSE 2012, 2021 and 2022 holidays', () => {
  assert.deepEqual(nyseHolidays(2012, 2012), [
    '2012-01-02', '2012-01-16', '2012-02-20', '2012-04-06', '2012-05-28', '2012-07-04', '2012-09-03', '2012-10-29', '2012-10-30', '2012-11-22', '2012-12-25',
  ]);
  // 2021: Christmas on a Saturday is observed Friday the 24th; New Year 2022 on a Saturday is not observed.
  assert.deepEqual(nyseHolidays(2021, 2021), [
    '2021-01-01', '2021-01-18', '2021-02-15', '2021-04-02', '2021-05-31', '2021-07-05', '2021-09-06', '2021-11-25', '2021-12-24',
  ]);
  assert.deepEqual(nyseHolidays(2022, 2022), [
    '2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26',
  ]);
});

test('named calendars', () => {
  assert.deepEqual(calendarDays('all', 2020, 2020), { weekdays: [0, 1, 2, 3, 4, 5, 6], holidays: [] });
  assert.deepEqual(calendarDays('weekdays', 2020, 2020), { weekdays: [1, 2, 3, 4, 5], holidays: [] });
  assert.ok(calendarDays('xnys', 2007, 2007).holidays!.includes('2007-01-02'), 'the Ford national day of mourning');
});
