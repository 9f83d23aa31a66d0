/** US zones a pharmacy or a patient may be in, east to west (IANA names, as stored). */
export const US_ZONES = [
  "America/Puerto_Rico",
  "America/St_Thomas",
  "America/New_York",
  "America/Detroit",
  "America/Indiana/Indianapolis",
  "America/Chicago",
  "America/Denver",
  "America/Boise",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "Pacific/Guam",
] as const;
