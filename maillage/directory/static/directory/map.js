// The map of the current page of results. The list beside it says the same: the map adds
// nothing that needs it. Tiles come from the server the operator configured, or none.
(function () {
  "use strict";
  function draw() {
    var element = document.getElementById("carte");
    var data = document.getElementById("map-data");
    if (!element || !data || !window.L || element.dataset.drawn) return;
    element.dataset.drawn = "1";
    var points = JSON.parse(data.textContent);
    var map = L.map(element, { scrollWheelZoom: false });
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution || "", maxZoom: 18 }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], { title: p.name, alt: p.name }).addTo(map);
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.name;
      marker.bindPopup(link);
      bounds.push([p.lat, p.lon]);
    });
    if (element.dataset.lat) bounds.push([+element.dataset.lat, +element.dataset.lon]);
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
    else map.setView([46.6, 2.4], 5);
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
