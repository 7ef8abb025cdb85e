package org.andon.station.link;

import java.nio.file.Files;
import java.nio.file.Path;

import org.andon.testsupport.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The terminal's TLS files as a plant's IT hands them over, and the mistakes made with them, caught at start. */
class PlantTrustTests {

	@TempDir
	Path dir;

	@Test
	void aStationsCertificateAndItsOwnKeyMakeAContext() throws Exception {
		TestCertificate weld = TestCertificate.forStation(dir, "WELD");
		assertThat(PlantTrust.context(null, weld.pem(), weld.pemKey(dir))).isNotNull();
		assertThat(PlantTrust.context(null, null, null)).as("nothing given: the JVM's defaults").isNull();
	}

	@Test
	void anotherCertificatesKeyIsRefusedWithWhatToGive() throws Exception {
		TestCertificate weld = TestCertificate.forStation(dir, "WELD");
		TestCertificate paint = TestCertificate.forStation(Files.createDirectories(dir.resolve("paint")), "PAINT");
		Path paintKey = paint.pemKey(dir.resolve("paint"));
		assertThatThrownBy(() -> PlantTrust.context(null, weld.pem(), paintKey))
			.hasMessageContaining("is not the key of the certificate in " + weld.pem());
		assertThatThrownBy(() -> PlantTrust.context(null, weld.pem(), null)).hasMessageContaining("give both");
	}
}
