/** The links that add a feed to a calendar: webcal:// for Apple, Outlook and Thunderbird; Google's "add by URL". */
export function subscribeLinks(feedUrl: string) {
  const webcal = feedUrl.replace(/^https?:\/\//, 'webcal://');
  return { url: feedUrl, webcal, google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}` };
}
