// Enhancements for idea collections. Everything works without this file: the server shows
// errors, the idea list is the map's equivalent and the place field the map picker's. Here
// the error summary takes focus, and maps (Leaflet, loaded only where a page has one) are
// drawn: the ideas of a list page, the place of one idea, and a picker for the form.
(function () {
  "use strict";

  // --- error summary: focused so screen readers announce it (as on survey steps) ---------
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link && document.getElementById(link.hash.slice(1));
      if (!field) { return; }
      event.preventDefault();
      // Show the field's label (or its fieldset's legend) above it, not off the screen.
      var details = field.closest("details");
      if (details) { details.open = true; }
      (field.closest(".form-field, fieldset") || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // --- maps -------------------------------------------------------------------------------
  var configElement = document.getElementById("idea-map-config");
  if (!configElement || typeof window.L === "undefined") { return; }
  var L = window.L;
  var config;
  var points;
  try {
    config = JSON.parse(configElement.textContent);
    var pointsElement = document.getElementById("idea-map-points");
    points = pointsElement ? JSON.parse(pointsElement.textContent) || [] : [];
  } catch (error) {
    return;
  }

  function markerIcon(element) {
    return L.icon({
      iconUrl: element.getAttribute("data-icon"),
      iconRetinaUrl: element.getAttribute("data-icon-2x"),
      shadowUrl: element.getAttribute("data-shadow"),
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41]
    });
  }

  // Point in polygon by ray casting, as cms.geo does on the server (GeoJSON: [lng, lat]).
  function ringContains(ring, x, y) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  function boundaryContains(latlng) {
    return (config.boundary || []).some(function (geometry) {
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      return polygons.some(function (polygon) {
        if (!ringContains(polygon[0], latlng.lng, latlng.lat)) { return false; }
        return !polygon.slice(1).some(function (hole) { return ringContains(hole, latlng.lng, latlng.lat); });
      });
    });
  }

  // A map in `element` showing the area, with German control labels. Without tiles (offline,
  // blocked server) it still shows the boundary and markers, and says why it looks empty.
  function drawMap(element, options) {
    var block = element.closest("[data-idea-map-block]");
    if (block) { block.hidden = false; }
    var interactive = options.interactive;
    var bounds = L.latLngBounds(config.bounds);
    var map = L.map(element, {
      zoomControl: false,
      attributionControl: true,
      dragging: interactive,
      touchZoom: interactive,
      doubleClickZoom: interactive,
      boxZoom: interactive,
      keyboard: interactive,
      // The page scrolls with the wheel; zooming is by buttons, keys or pinch.
      scrollWheelZoom: false,
      // Half steps let a district fill the map instead of a third of it.
      zoomSnap: 0.5,
      maxBounds: bounds.pad(0.5),
      minZoom: 11,
      maxZoom: 19
    });
    if (interactive) {
      L.control.zoom({
        zoomInTitle: element.getAttribute("data-label-zoom-in"),
        zoomOutTitle: element.getAttribute("data-label-zoom-out")
      }).addTo(map);
    }
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (config.boundary) {
      L.geoJSON({ type: "GeometryCollection", geometries: config.boundary }, {
        interactive: false,
        style: { color: "#004f6b", weight: 3, fill: options.fillBoundary || false, fillOpacity: 0.05 }
      }).addTo(map);
    }
    map.fitBounds(bounds);
    return map;
  }

  // Tiles come from another server, which may be blocked or offline. One tile is tried first:
  // only when it arrives is the layer added, so a missing server costs one failed request and
  // the map says why it shows only lines and markers. Call once the map's view is final.
  function addTiles(map, element) {
    if (!config.tileUrl) { return; }
    var zoom = map.getZoom();
    var tile = map.project(map.getCenter(), zoom).divideBy(256).floor();
    var probe = new Image();
    probe.onload = function () {
      L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    };
    probe.onerror = function () {
      var block = element.closest("[data-idea-map-block]");
      var note = block && block.querySelector("[data-idea-map-tiles-failed]");
      if (note) {
        note.textContent = element.getAttribute("data-label-tiles-failed");
        note.hidden = false;
      }
    };
    probe.src = L.Util.template(config.tileUrl, { s: "a", z: zoom, x: tile.x, y: tile.y, r: "" });
  }

  function listMap(element) {
    var map = drawMap(element, { interactive: true });
    var icon = markerIcon(element);
    var latlngs = [];
    points.forEach(function (point) {
      var latlng = L.latLng(point.lat, point.lng);
      latlngs.push(latlng);
      // A marker is a button named by the idea's title; click or Enter opens the idea.
      var marker = L.marker(latlng, { icon: icon, alt: point.title, title: point.title, keyboard: true });
      marker.on("click", function () { window.location.href = point.url; });
      marker.on("keypress", function (event) {
        if (event.originalEvent.key === "Enter") { window.location.href = point.url; }
      });
      marker.addTo(map);
    });
    if (latlngs.length > 1) {
      map.fitBounds(L.latLngBounds(latlngs).pad(0.2), { maxZoom: 17 });
    } else if (latlngs.length === 1) {
      map.setView(latlngs[0], 16);
    }
    addTiles(map, element);
  }

  function detailMap(element) {
    var map = drawMap(element, { interactive: false });
    var point = points[0];
    if (!point) { return; }
    var latlng = L.latLng(point.lat, point.lng);
    L.marker(latlng, { icon: markerIcon(element), alt: "", interactive: false, keyboard: false }).addTo(map);
    map.setView(latlng, 16);
    addTiles(map, element);
  }

  function pickerMap(element) {
    var picker = element.closest("[data-idea-picker]");
    var form = element.closest("form");
    var latitude = form && form.querySelector('input[name="latitude"]');
    var longitude = form && form.querySelector('input[name="longitude"]');
    if (!picker || !latitude || !longitude) { return; }
    picker.hidden = false;
    var map = drawMap(element, { interactive: true, fillBoundary: true });
    var status = picker.querySelector("[data-idea-picker-status]");
    var clear = picker.querySelector("[data-idea-picker-clear]");
    var center = picker.querySelector("[data-idea-picker-center]");
    var icon = markerIcon(element);
    var marker = null;

    function say(name) {
      status.textContent = status.getAttribute("data-label-" + name);
    }

    function place(latlng, announce) {
      if (!boundaryContains(latlng)) {
        say("outside");
        return;
      }
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.marker(latlng, { icon: icon, alt: "", interactive: false, keyboard: false }).addTo(map);
      }
      // Six decimals are about 10 cm: the database keeps no more.
      latitude.value = latlng.lat.toFixed(6);
      longitude.value = latlng.lng.toFixed(6);
      clear.hidden = false;
      if (announce) { say("set"); }
    }

    map.on("click", function (event) { place(event.latlng, true); });
    center.addEventListener("click", function () { place(map.getCenter(), true); });
    clear.addEventListener("click", function () {
      if (marker) { map.removeLayer(marker); marker = null; }
      latitude.value = "";
      longitude.value = "";
      clear.hidden = true;
      say("cleared");
      center.focus();
    });

    // After an error the form comes back with the point that was sent: show it again.
    var lat = parseFloat(latitude.value);
    var lng = parseFloat(longitude.value);
    if (!isNaN(lat) && !isNaN(lng)) {
      var sent = L.latLng(lat, lng);
      if (boundaryContains(sent)) {
        place(sent, false);
        map.setView(sent, Math.max(map.getZoom(), 16));
      }
    }
    addTiles(map, element);
  }

  var kinds = { list: listMap, detail: detailMap, picker: pickerMap };
  var elements = document.querySelectorAll("[data-idea-map]");
  for (var i = 0; i < elements.length; i++) {
    var draw = kinds[elements[i].getAttribute("data-idea-map")];
    if (draw) { draw(elements[i]); }
  }
})();
