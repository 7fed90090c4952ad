// Port of metadata/source/* + MetadataLoader from google/libphonenumber.
// Functions are kept in upstream source order to ease syncing.
// Last reconciled against: v9.0.32
package phonenumbers

import (
	"fmt"
	"sync"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// metadataContainer bundles all of the metadata-derived lookup state used by
// the library. The package keeps a single active container (currentMetadata),
// built from the embedded metadata during init. Bundling the state behind one
// swappable value is the seam that lets tests run against alternate metadata
// (e.g. upstream's synthetic PhoneNumberMetadataForTesting data) without
// changing the public, package-level API.
type metadataContainer struct {
	// The parsed metadata collection this container was built from.
	metadataCollection *PhoneMetadataCollection

	// A map from country code (as integer) to two letter region codes.
	countryCodeToRegion map[int][]string

	// A mapping from a region code to the PhoneMetadata for that region.
	regionToMetadataMap map[string]*PhoneMetadata

	// A mapping from a country calling code for a non-geographical entity to
	// the PhoneMetadata for that country calling code. Examples of the country
	// calling codes include 800 (International Toll Free Service) and 808
	// (International Shared Cost Service).
	countryCodeToNonGeographicalMetadataMap map[int]*PhoneMetadata

	// The set of regions that share country calling code 1.
	nanpaRegions map[string]struct{}

	// The set of regions the library supports.
	supportedRegions map[string]bool

	// All the calling codes we support.
	supportedCallingCodes map[int]bool

	// sluice fork: the embedded metadata's regions, each parsed on its
	// first lookup (see newLazyMetadataContainer); nil in a container
	// built from a parsed collection, whose regions are in
	// regionToMetadataMap and countryCodeToNonGeographicalMetadataMap.
	lazyRegions map[string]*lazyMetadata
	lazyNonGeo  map[int]*lazyMetadata

	// The set of calling codes that map to the non-geo entity region ("001").
	countryCodesForNonGeographicalRegion map[int]bool
}

// currentMetadata is the active metadata container. It is populated from the
// embedded metadata by initMetadata during package initialization. Tests may
// swap it via useMetadata to exercise the library against alternate metadata.
var currentMetadata *metadataContainer

// sluice fork: metadataOnce runs initMetadata on first use. Parsing the
// embedded metadata took some 15 ms of every process's start, also of
// programs that never look at a phone number.
var metadataOnce sync.Once

// metadata returns the active container, loading the embedded metadata
// the first time.
func metadata() *metadataContainer {
	metadataOnce.Do(initMetadata)
	return currentMetadata
}

func initMetadata() {
	// load our regions
	regionMap, err := loadIntArrayMap(regionData)
	if err != nil {
		panic(err)
	}

	// then our metadata, indexed by region; each region is parsed when
	// it is first looked up (sluice fork: parsing all ~250 of them took
	// 15 ms, 25,000 allocations and 1.6 MB; a scan needs a handful)
	currentMetadata, err = newLazyMetadataContainer(numberData, regionMap.Map)
	if err != nil {
		panic(err)
	}
}

// lazyMetadata is one region's PhoneMetadata, kept as its protobuf
// encoding until first use (sluice fork).
type lazyMetadata struct {
	once sync.Once
	raw  []byte
	m    *PhoneMetadata
}

func (l *lazyMetadata) get() *PhoneMetadata {
	l.once.Do(func() {
		m := &PhoneMetadata{}
		if err := proto.Unmarshal(l.raw, m); err != nil {
			// The embedded metadata is part of the build, as in
			// initMetadata.
			panic(fmt.Errorf("phonenumbers: embedded metadata: %w", err))
		}
		l.m, l.raw = m, nil
	})
	return l.m
}

// newLazyMetadataContainer is newMetadataContainer for an encoded
// PhoneMetadataCollection: it reads only each region's id and country
// code (fields 9 and 10 of PhoneMetadata, field 1 of the collection)
// and leaves the rest encoded until first use (sluice fork).
func newLazyMetadataContainer(raw []byte, countryCodeToRegion map[int][]string) (*metadataContainer, error) {
	mc := newRegionContainer(countryCodeToRegion)
	mc.lazyRegions = make(map[string]*lazyMetadata, 256)
	mc.lazyNonGeo = make(map[int]*lazyMetadata, 16)
	for b := raw; len(b) > 0; {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, fmt.Errorf("phonenumbers: metadata: %w", protowire.ParseError(n))
		}
		b = b[n:]
		if num != 1 || typ != protowire.BytesType {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return nil, fmt.Errorf("phonenumbers: metadata: %w", protowire.ParseError(n))
			}
			b = b[n:]
			continue
		}
		meta, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return nil, fmt.Errorf("phonenumbers: metadata: %w", protowire.ParseError(n))
		}
		b = b[n:]
		region, code, err := metadataKey(meta)
		if err != nil {
			return nil, err
		}
		if region == REGION_CODE_FOR_NON_GEO_ENTITY {
			mc.lazyNonGeo[int(code)] = &lazyMetadata{raw: meta}
		} else {
			mc.lazyRegions[region] = &lazyMetadata{raw: meta}
		}
	}
	if len(mc.lazyRegions)+len(mc.lazyNonGeo) == 0 {
		return nil, ErrEmptyMetadata
	}
	return mc, nil
}

// metadataKey reads a PhoneMetadata encoding's id (field 9) and
// country_code (field 10); the last occurrence of a field wins, as when
// protobuf parses it.
func metadataKey(b []byte) (id string, code int32, err error) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return "", 0, fmt.Errorf("phonenumbers: metadata entry: %w", protowire.ParseError(n))
		}
		b = b[n:]
		switch {
		case num == 9 && typ == protowire.BytesType:
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return "", 0, fmt.Errorf("phonenumbers: metadata id: %w", protowire.ParseError(m))
			}
			id, n = string(v), m
		case num == 10 && typ == protowire.VarintType:
			v, m := protowire.ConsumeVarint(b)
			if m < 0 {
				return "", 0, fmt.Errorf("phonenumbers: metadata country code: %w", protowire.ParseError(m))
			}
			code, n = int32(v), m
		default:
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return "", 0, fmt.Errorf("phonenumbers: metadata entry: %w", protowire.ParseError(n))
			}
		}
		b = b[n:]
	}
	return id, code, nil
}

// newMetadataContainer builds a fully populated metadataContainer from a parsed
// metadata collection and a country-code-to-region map. This is the same
// derivation the library has always performed at init, now factored out so it
// can run against any metadata source, not just the embedded one.
func newMetadataContainer(coll *PhoneMetadataCollection, countryCodeToRegion map[int][]string) (*metadataContainer, error) {
	metadataList := coll.GetMetadata()
	if len(metadataList) == 0 {
		return nil, ErrEmptyMetadata
	}

	mc := newRegionContainer(countryCodeToRegion)
	mc.metadataCollection = coll
	for _, meta := range metadataList {
		region := meta.GetId()
		if region == "001" {
			// it's a non geographical entity
			mc.countryCodeToNonGeographicalMetadataMap[int(meta.GetCountryCode())] = meta
		} else {
			mc.regionToMetadataMap[region] = meta
		}
	}
	return mc, nil
}

// newRegionContainer is a container with what the country-code-to-region
// map gives and no region's metadata yet.
func newRegionContainer(countryCodeToRegion map[int][]string) *metadataContainer {
	mc := &metadataContainer{
		countryCodeToRegion:                     countryCodeToRegion,
		regionToMetadataMap:                     make(map[string]*PhoneMetadata),
		countryCodeToNonGeographicalMetadataMap: make(map[int]*PhoneMetadata),
		nanpaRegions:                            make(map[string]struct{}),
		supportedRegions:                        make(map[string]bool, 320),
		supportedCallingCodes:                   make(map[int]bool, 320),
		countryCodesForNonGeographicalRegion:    make(map[int]bool, 16),
	}
	for eKey, regionCodes := range countryCodeToRegion {
		// We can assume that if the county calling code maps to the
		// non-geo entity region code then that's the only region code
		// it maps to.
		if len(regionCodes) == 1 && REGION_CODE_FOR_NON_GEO_ENTITY == regionCodes[0] {
			// This is the subset of all country codes that map to the
			// non-geo entity region code.
			mc.countryCodesForNonGeographicalRegion[eKey] = true
		} else {
			// The supported regions set does not include the "001"
			// non-geo entity region code.
			for _, val := range regionCodes {
				mc.supportedRegions[val] = true
			}
		}

		mc.supportedCallingCodes[eKey] = true
	}
	// If the non-geo entity still got added to the set of supported regions it
	// must be because there are entries that list the non-geo entity alongside
	// normal regions (which is wrong). If we discover this, remove the non-geo
	// entity from the set of supported regions.
	delete(mc.supportedRegions, REGION_CODE_FOR_NON_GEO_ENTITY)

	for _, val := range countryCodeToRegion[NANPA_COUNTRY_CODE] {
		mc.nanpaRegions[val] = struct{}{}
	}

	return mc
}

// useMetadata swaps the active metadata container, returning a function that
// restores the previously active container. It is intended for tests that need
// to run against alternate (e.g. synthetic) metadata; callers must invoke the
// returned restore function (typically via t.Cleanup) and must not run such
// tests in parallel, since the active container is process-global.
func useMetadata(mc *metadataContainer) (restore func()) {
	prev := metadata()
	currentMetadata = mc
	return func() { currentMetadata = prev }
}

func readFromNanpaRegions(key string) (struct{}, bool) {
	v, ok := metadata().nanpaRegions[key]
	return v, ok
}

func readFromRegionToMetadataMap(key string) (*PhoneMetadata, bool) {
	mc := metadata()
	if l, ok := mc.lazyRegions[key]; ok {
		return l.get(), true
	}
	v, ok := mc.regionToMetadataMap[key]
	return v, ok
}

func readFromCountryCodeToNonGeographicalMetadataMap(key int) (*PhoneMetadata, bool) {
	mc := metadata()
	if l, ok := mc.lazyNonGeo[key]; ok {
		return l.get(), true
	}
	v, ok := mc.countryCodeToNonGeographicalMetadataMap[key]
	return v, ok
}

var (
	currMetadataColl *PhoneMetadataCollection
	reloadMetadata   = true
)

// MetadataCollection returns the embedded territory metadata collection. The
// result is parsed once and cached; it always reflects the embedded data and
// is independent of any container swapped in via useMetadata.
func MetadataCollection() (*PhoneMetadataCollection, error) {
	if !reloadMetadata {
		return currMetadataColl, nil
	}

	metadataCollection := &PhoneMetadataCollection{}
	if err := proto.Unmarshal(numberData, metadataCollection); err != nil {
		return nil, err
	}
	currMetadataColl = metadataCollection
	reloadMetadata = false
	return metadataCollection, nil
}
