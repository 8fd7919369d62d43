# Octolearn. `make run` and `make test` do everything on a fresh Debian 12
# machine; see README.md.

CC?=		cc
SANITIZE?=	0

ifeq ($(SANITIZE),1)
BUILD?=		build-san
SANFLAGS=	-fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all
else
BUILD?=		build
SANFLAGS=
endif

KORE_FEATURES=	-DKORE_USE_PGSQL -DKORE_USE_TASKS -I/usr/include/postgresql

# Kore's own warning set, plus -Wextra, all errors.
WARNINGS=	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
		-Wmissing-declarations -Wshadow -Wpointer-arith -Wcast-qual \
		-Wsign-compare -Wtype-limits -std=c99 -pedantic

MODULES=	html utf8 password token csv archive manifest cmi langpref chart
MODINC=		$(addprefix -Imodules/,$(MODULES))
# libxml2 (modules/manifest), from pkg-config.
XML_CFLAGS:=	$(shell pkg-config --cflags libxml-2.0)
XML_LIBS:=	$(shell pkg-config --libs libxml-2.0)

# -MMD -MP: each object also depends on the headers it includes.
CFLAGS+=	-MMD -MP -O2 -g -fPIC -fstack-protector-all -D_GNU_SOURCE \
		-D_FILE_OFFSET_BITS=64 $(WARNINGS) $(MODINC) $(SANFLAGS) \
		-I/usr/include/postgresql $(XML_CFLAGS)
LDFLAGS+=	$(SANFLAGS)

MOD_SRC=	$(foreach m,$(MODULES),$(wildcard modules/$(m)/*.c))
MOD_OBJ=	$(patsubst %.c,$(BUILD)/%.o,$(MOD_SRC))
MOD_LIB=	$(BUILD)/libolmodules.a
MOD_LIBS=	-lscrypt -lcrypto -larchive -lunistring -ljansson $(XML_LIBS)

APP_SRC=	$(wildcard app/*.c)
APP_OBJ=	$(patsubst %.c,$(BUILD)/%.o,$(APP_SRC))
APP_SO=		$(BUILD)/octolearn.so
APP_LIBS=	-ljansson -lpq $(MOD_LIBS)

ADMIN_SRC=	$(wildcard app/admin/*.c)
ADMIN_OBJ=	$(patsubst %.c,$(BUILD)/%.o,$(ADMIN_SRC))
ADMIN_BIN=	$(BUILD)/octolearn-admin
ADMIN_LIBS=	-ljansson -lpq $(MOD_LIBS)

UNIT_SRC=	$(wildcard tests/unit/test_*.c)
UNIT_BIN=	$(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

FUZZ_SRC=	$(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN=	$(patsubst tests/fuzz/%.c,build-fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS?=	60

LANGS=		$(basename $(notdir $(wildcard locales/*.po)))
MO_FILES=	$(foreach l,$(LANGS),$(BUILD)/locale/$(l)/LC_MESSAGES/octolearn.mo)

.PHONY: all deps db migrate demo run test unit integration browser fuzz \
	fuzzers units sanitize integration-san po clean seed-large bench soak

all: $(APP_SO) $(ADMIN_BIN) $(UNIT_BIN) $(MO_FILES)

deps:
	@conf/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(if $(filter-out app/admin/%,$(filter app/%,$<)),$(KORE_FEATURES) -Iapp) \
	    -c $< -o $@

$(MOD_LIB): $(MOD_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(APP_SO): $(filter-out $(BUILD)/app/admin/%,$(APP_OBJ)) $(MOD_LIB)
	$(CC) -shared $(LDFLAGS) -o $@ $^ $(APP_LIBS)

$(ADMIN_BIN): $(ADMIN_OBJ) $(MOD_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(ADMIN_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(MOD_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Wno-missing-prototypes -Wno-missing-declarations \
	    $(LDFLAGS) -o $@ $^ -lcmocka $(MOD_LIBS)

$(BUILD)/locale/%/LC_MESSAGES/octolearn.mo: locales/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Extract every user-visible string and merge it into each catalogue.
po:
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	    --keyword=ngettext:1,2 --keyword=C_:1c,2 --keyword=NC_:1c,2 \
	    --add-comments=TRANSLATORS --package-name=octolearn \
	    --sort-by-file --no-wrap -o locales/octolearn.pot \
	    $(sort $(APP_SRC) $(ADMIN_SRC) $(MOD_SRC))
	for po in $(filter-out locales/en.po,$(wildcard locales/*.po)); do \
	    msgmerge --quiet --update --backup=none --no-wrap $$po \
	    locales/octolearn.pot; \
	done
	msgen --no-wrap locales/octolearn.pot | sed \
	    -e 's/^"Language: \\n"/"Language: en\\n"/' \
	    -e 's/^"Last-Translator: .*/"Last-Translator: Octolearn\\n"/' \
	    -e 's/^"Language-Team: .*/"Language-Team: English\\n"/' \
	    -e "s/^\"PO-Revision-Date: .*/\"PO-Revision-Date: $$(date -u +'%Y-%m-%d %H:%M+0000')\\\\n\"/" \
	    -e 's/charset=CHARSET/charset=UTF-8/' \
	    -e 's/^"Plural-Forms: .*/"Plural-Forms: nplurals=2; plural=(n != 1);\\n"/' | \
	    msgattrib --no-wrap --clear-fuzzy -o locales/en.po

db: deps
	@conf/pg.sh start
	@conf/pg.sh provision octolearn

migrate: $(ADMIN_BIN)
	$(ADMIN_BIN) migrate

demo: $(ADMIN_BIN)
	@conf/demo.sh
	@conf/demo-content.sh

# A tenant at the scale the reports are built for (conf/seed-large.sh):
# 100,000 learners, 500 resources, 200 groups, 5 million attempts.
seed-large: $(ADMIN_BIN)
	@$(MAKE) --no-print-directory db migrate
	@conf/seed-large.sh

# Speed and memory at full scale, against ceilings measured in the same
# run (tests/bench/bench.py); not part of `make test`.
bench:
	@conf/deps.sh bench
	@$(MAKE) --no-print-directory SANITIZE=0 all
	@/usr/bin/python3 tests/bench/bench.py

# A long mixed load of many learners (tests/soak/soak.py, SOAK_SECONDS,
# default 600), results in tests/results/soak.md; not part of `make test`.
soak: deps
	@$(MAKE) --no-print-directory SANITIZE=0 all
	@/usr/bin/python3 tests/soak/soak.py

run: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory db migrate demo
	@conf/run.sh

# Every suite; the unit suites run twice, once in the sanitizer build
# (ASan + UBSan), so `make SANITIZE=1 test` and `make test` are the same.
test: deps
	@$(MAKE) --no-print-directory SANITIZE=0 all
	@tests/run.sh

unit: all
	@tests/run.sh unit

integration: all
	@tests/run.sh integration

browser: all
	@tests/run.sh browser

sanitize:
	@tests/run.sh sanitize

build-fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(MOD_SRC)
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
	    $(MODINC) $(XML_CFLAGS) -o $@ $(filter %.c,$^) $(MOD_LIBS)

units: $(UNIT_BIN)

# Preloaded after the ASan runtime into the sanitized server, which the
# integration-san suite runs (tests/sanitizer/preload.c says why).
build-san/preload.so: tests/sanitizer/preload.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -fPIC -shared $(WARNINGS) -o $@ $< -ldl

integration-san: all
	@tests/run.sh integration-san

fuzzers: $(FUZZ_BIN)

# Each fuzzer for FUZZ_SECONDS; the results in tests/results/fuzz.md.
fuzz: $(FUZZ_BIN)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) tests/results/fuzz.md

-include $(APP_OBJ:.o=.d) $(ADMIN_OBJ:.o=.d) $(MOD_OBJ:.o=.d)

clean:
	rm -rf build build-san build-fuzz
