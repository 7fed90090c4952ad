package train

import (
	"bufio"
	_ "embed"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fakerjs is the name, place and company-suffix lists of every locale of
// @faker-js/faker 10.6.0 (MIT), extracted by data/extract.mjs.
//
//go:embed data/fakerjs.tsv
var fakerjs string

// Locale is one locale's lists.
type Locale struct {
	Name                     string
	First, Last              []string
	Cities, Streets, States  []string
	OrgSuffixes              []string
	Latin                    bool // names are written in Latin script
	transliterate, eastOrder bool
}

// loadLocales parses the embedded faker-js lists, sorted by locale name.
// Locales with fewer than 20 first or last names are dropped.
func loadLocales() ([]*Locale, []string) {
	by := map[string]*Locale{}
	var countries []string
	sc := bufio.NewScanner(strings.NewReader(fakerjs))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			continue
		}
		loc := by[f[0]]
		if loc == nil {
			loc = &Locale{Name: f[0]}
			by[f[0]] = loc
		}
		if f[1] == "country" {
			countries = append(countries, f[2])
			continue
		}
		if list := map[string]*[]string{"first": &loc.First, "last": &loc.Last, "city": &loc.Cities, "street": &loc.Streets,
			"state": &loc.States, "orgsuffix": &loc.OrgSuffixes}[f[1]]; list != nil {
			*list = append(*list, f[2])
		}
	}
	var out []*Locale
	for _, l := range by {
		if len(l.First) < 20 || len(l.Last) < 20 {
			continue
		}
		l.First, l.Last = dropExcluded(clean(l.First)), dropExcluded(clean(l.Last))
		l.Cities, l.Streets, l.States, l.OrgSuffixes = clean(l.Cities), clean(l.Streets), clean(l.States), clean(l.OrgSuffixes)
		l.Latin = latin(l.First[len(l.First)/2]) && latin(l.Last[len(l.Last)/2])
		l.transliterate = !l.Latin && canTransliterate(l.Last[len(l.Last)/2])
		l.eastOrder = strings.HasPrefix(l.Name, "zh") || l.Name == "ja" || l.Name == "ko" || l.Name == "vi" || l.Name == "hu"
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b *Locale) int { return strings.Compare(a.Name, b.Name) })
	return out, clean(countries)
}

// latin reports whether every letter of s is in Latin script.
func latin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// translit spells Cyrillic and Greek in Latin letters, the way names
// appear in English text (Сергей → Sergey, Παπαδόπουλος → Papadopoulos).
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ј': "j", 'љ': "lj", 'њ': "nj",
	'ћ': "c", 'џ': "dz", 'ђ': "dj", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	'α': "a", 'ά': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'έ': "e", 'ζ': "z", 'η': "i", 'ή': "i",
	'θ': "th", 'ι': "i", 'ί': "i", 'ϊ': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o",
	'ό': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'ύ': "y", 'φ': "f", 'χ': "ch",
	'ψ': "ps", 'ω': "o", 'ώ': "o",
}

func canTransliterate(s string) bool {
	for _, r := range s {
		if _, ok := translit[unicode.ToLower(r)]; !ok && unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// transliterate spells s in Latin letters, keeping capitals.
func transliterate(s string) string {
	var b strings.Builder
	var prev rune
	for _, r := range s {
		t, ok := translit[unicode.ToLower(r)]
		if !ok {
			b.WriteRune(r)
			prev = r
			continue
		}
		if lr := unicode.ToLower(r); (lr == 'υ' || lr == 'ύ') && unicode.ToLower(prev) == 'ο' {
			t = "u" // Greek ου
		}
		prev = r
		if unicode.IsUpper(r) && t != "" {
			f, n := utf8.DecodeRuneInString(t)
			b.WriteRune(unicode.ToUpper(f))
			t = t[n:]
		}
		b.WriteString(t)
	}
	return b.String()
}

// romanised are common names of languages whose faker-js lists are in
// their own script, as they are usually written in English: Chinese
// (pinyin), Japanese, Korean, Arabic and Persian. Written for this
// corpus from general knowledge of naming, not copied from a test set.
var romanised = map[string][2][]string{
	"zh": {
		{"Wei", "Fang", "Jing", "Lei", "Min", "Jun", "Yan", "Hui", "Ling", "Tao", "Xin", "Yong", "Jie", "Qiang", "Hong", "Ping", "Bo", "Yu", "Hao", "Zhiwei", "Xiaoling", "Jianguo", "Yifan", "Zihan", "Haoran", "Yuxuan", "Shuang", "Meiling", "Chunhua", "Guoqiang", "Lihua", "Zhenyu", "Ruolan", "Kaiwen", "Shufen", "Dongmei", "Xiuying", "Jiahui", "Tingting", "Wenjie"},
		{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Xu", "Sun", "Ma", "Zhu", "Hu", "Lin", "He", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang", "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Fu", "Qian", "Tan"},
	},
	"ja": {
		{"Haruki", "Yuki", "Hiroshi", "Kenji", "Aiko", "Sakura", "Daisuke", "Naoko", "Ryota", "Emi", "Shota", "Yumiko", "Kaito", "Misaki", "Takeshi", "Ayumi", "Sota", "Mei", "Kazuki", "Nanami", "Hinata", "Riku", "Yui", "Koji", "Chihiro", "Masato", "Asuka", "Tomoko", "Yusuke", "Keiko"},
		{"Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue", "Kimura", "Hayashi", "Shimizu", "Yamazaki", "Mori", "Abe", "Ikeda", "Hashimoto", "Ishikawa", "Ogawa", "Fujita", "Okada", "Goto", "Hasegawa"},
	},
	"ko": {
		{"Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Ji-woo", "Seo-jun", "Su-bin", "Hyun-woo", "Ye-jin", "Jae-won", "Eun-ji", "Sung-min", "Hye-jin", "Dong-hyun", "Yoon-seo", "Jin-young", "Soo-ah", "Tae-yang", "Na-rae", "Minho", "Jisoo", "Jiyeon", "Sangwoo", "Eunbi"},
		{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Jeon", "Hong", "Yoo", "Ko", "Moon", "Yang", "Son"},
	},
	"ar": {
		{"Ahmed", "Mohamed", "Omar", "Youssef", "Khalid", "Hassan", "Hussein", "Ibrahim", "Mustafa", "Tariq", "Fatima", "Aisha", "Mariam", "Noor", "Yasmin", "Salma", "Huda", "Rania", "Amal", "Samira", "Karim", "Faisal", "Nabil", "Walid", "Hamza", "Bilal", "Rashid", "Sami", "Ziad", "Leila"},
		{"Al-Sayed", "Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Abdullah", "Al-Amin", "Hamdan", "Qureshi", "El-Masri", "Farouk", "Aziz", "Hakim", "Karimi", "Bakr", "Al-Hashimi", "Suleiman", "Darwish", "Jaber", "Othman", "Zaki", "Habib", "Najjar", "Al-Rashid", "Bin Laden", "Ibn Saud", "Shami", "Tamimi", "Awad"},
	},
	"fa": {
		{"Reza", "Mehdi", "Ali", "Hossein", "Amir", "Sara", "Maryam", "Zahra", "Neda", "Shirin", "Parisa", "Arash", "Babak", "Kaveh", "Darius", "Laleh", "Roya", "Farhad", "Navid", "Golnaz"},
		{"Hosseini", "Mohammadi", "Rezaei", "Ahmadi", "Jafari", "Rahimi", "Moradi", "Karimi", "Hashemi", "Sadeghi", "Ebrahimi", "Kazemi", "Najafi", "Ghasemi", "Mousavi", "Tehrani", "Esfahani", "Shirazi", "Bagheri", "Akbari"},
	},
}

// excluded are name tokens that the held-back evaluation sets
// (models/testdata/heldback.txt and heldback2.txt) use in PERSON spans.
// They are removed from the training lists so that every name of those
// sets is one the model never saw labelled; TestExcludedCoversHeldBack
// keeps the lists complete.
//
//go:embed data/heldback_names.txt
var excludedText string

//go:embed data/heldback2_names.txt
var excludedText2 string

var excluded = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(excludedText+"\n"+excludedText2, "\n") {
		if w := strings.TrimSpace(line); w != "" && w[0] != '#' {
			m[w] = true
		}
	}
	return m
}()

//go:embed data/heldback_orgs.txt
var excludedOrgsText string

// excludedOrgs are the words of the held-back sets' organisation and
// place spans, kept out of the brand list.
var excludedOrgs = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(excludedOrgsText, "\n") {
		if w := strings.TrimSpace(line); w != "" && w[0] != '#' {
			m[w] = true
		}
	}
	return m
}()

func dropExcluded(in []string) []string {
	out := in[:0]
	for _, s := range in {
		keep := true
		for _, w := range strings.Fields(s) {
			// Cyrillic and Greek names reach the corpus transliterated:
			// "Щукин" is "Shchukin" there.
			keep = keep && !excluded[w] && !excluded[transliterate(w)]
		}
		if keep {
			out = append(out, s)
		}
	}
	return out
}
