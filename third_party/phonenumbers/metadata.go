package phonenumbers

import "embed"

//go:embed data/countrycode_to_region.xml.gz
var regionData []byte

// sluice fork: the territory metadata is embedded uncompressed
// (data/metadata.pb is data/metadata.xml.gz gunzipped; a test holds them
// equal), so a process indexes it in place instead of inflating 190 KB
// onto its heap (~2 ms and ~50 fresh pages).
//
//go:embed data/metadata.pb
var numberData []byte

//go:embed data/prefix_to_carriers/*.gz
var carrierData embed.FS
var carrierDataPath = "data/prefix_to_carriers"

//go:embed data/prefix_to_timezone.xml.gz
var timezoneData []byte

//go:embed data/shortnumber_metadata.xml.gz
var shortNumberData []byte
