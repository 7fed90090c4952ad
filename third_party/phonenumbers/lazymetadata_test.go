package phonenumbers

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"google.golang.org/protobuf/proto"
)

// TestLazyMetadataEqualsParsed checks the sluice fork's lazy container
// against the whole collection parsed at once: the same regions and
// non-geographical codes, each with the same metadata.
func TestLazyMetadataEqualsParsed(t *testing.T) {
	regionMap, err := loadIntArrayMap(regionData)
	if err != nil {
		t.Fatal(err)
	}
	coll, err := MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	eager, err := newMetadataContainer(coll, regionMap.Map)
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := newLazyMetadataContainer(numberData, regionMap.Map)
	if err != nil {
		t.Fatal(err)
	}
	if len(lazy.lazyRegions) != len(eager.regionToMetadataMap) || len(lazy.lazyNonGeo) != len(eager.countryCodeToNonGeographicalMetadataMap) {
		t.Fatalf("lazy container has %d regions and %d non-geographical codes, parsed %d and %d",
			len(lazy.lazyRegions), len(lazy.lazyNonGeo), len(eager.regionToMetadataMap), len(eager.countryCodeToNonGeographicalMetadataMap))
	}
	for region, want := range eager.regionToMetadataMap {
		l, ok := lazy.lazyRegions[region]
		if !ok || !proto.Equal(l.get(), want) {
			t.Errorf("region %s: lazy metadata differs", region)
		}
	}
	for code, want := range eager.countryCodeToNonGeographicalMetadataMap {
		l, ok := lazy.lazyNonGeo[code]
		if !ok || !proto.Equal(l.get(), want) {
			t.Errorf("non-geographical code %d: lazy metadata differs", code)
		}
	}
	for _, f := range []func(*metadataContainer) any{
		func(m *metadataContainer) any { return m.supportedRegions },
		func(m *metadataContainer) any { return m.supportedCallingCodes },
		func(m *metadataContainer) any { return m.countryCodesForNonGeographicalRegion },
		func(m *metadataContainer) any { return m.nanpaRegions },
	} {
		if a, b := f(lazy), f(eager); !reflect.DeepEqual(a, b) {
			t.Errorf("derived sets differ: %v vs %v", a, b)
		}
	}
	if _, err := newLazyMetadataContainer(nil, regionMap.Map); err != ErrEmptyMetadata {
		t.Errorf("empty metadata: error %v, want ErrEmptyMetadata", err)
	}
	if _, err := newLazyMetadataContainer([]byte{0x0a, 0x05, 0x01}, regionMap.Map); err == nil {
		t.Errorf("truncated metadata: no error")
	}
}

// TestRawMetadataMatchesGzip: the embedded data/metadata.pb is
// data/metadata.xml.gz (what cmd/buildmetadata writes) gunzipped. After
// regenerating the metadata: gunzip -c data/metadata.xml.gz > data/metadata.pb
func TestRawMetadataMatchesGzip(t *testing.T) {
	gz, err := os.ReadFile("data/metadata.xml.gz")
	if err != nil {
		t.Fatal(err)
	}
	want, err := decodeUnzip(gz)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(numberData, want) {
		t.Fatal("data/metadata.pb is not data/metadata.xml.gz gunzipped: gunzip -c data/metadata.xml.gz > data/metadata.pb")
	}
}
