// The school's own script, not part of c2c-kit (a site without a Welsh version does not need it): the link to this
// page in the other language keeps the directory's place, which the directory keeps in the address (a search, the
// service that is open, a shortlist someone shared). A plain link dropped it, so a family who opened a shortlist
// shared with them and then chose Cymraeg found the whole directory instead.
for (const link of document.querySelectorAll('a[hreflang]')) {
  const keepPlace = () => {
    const url = new URL(link.getAttribute('href') ?? '', location.href);
    url.search = location.search;
    url.hash = location.hash;
    link.href = url.href;
  };
  link.addEventListener('click', keepPlace);
  link.addEventListener('auxclick', keepPlace);
}
