// Every <time datetime="…Z"> shown in the reader's own time zone, in the page's language (the server writes UTC).
document.addEventListener("DOMContentLoaded", () => {
  const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
    { dateStyle: "medium", timeStyle: "long" });
  for (const time of document.querySelectorAll("time[datetime]")) {
    time.title = time.textContent;
    time.textContent = format.format(new Date(time.dateTime));
  }
});
