package org.andon.ui;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real line server on a random port with the demo plant and its own H2 file, whose WebSocket accepts the pages it
 * serves (the browser sends the page's origin, with the random port in it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "andon.protocol.allowed-origins=http://127.0.0.1:*")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class UiServer {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("andon-ui-test");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0");
	}

	String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}
}
